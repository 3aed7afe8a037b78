import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import './Field.css'

interface Props {
  label: string
  error?: string
  children: ReactNode
}

/** A labelled form row with its validation message underneath. */
export function Field({ label, error, children }: Props) {
  return (
    <View className='field'>
      <View className='field-label'>{label}</View>
      <View className='field-control'>{children}</View>
      {error && <View className='field-error error-text'>{error}</View>}
    </View>
  )
}
