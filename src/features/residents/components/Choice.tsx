import { View } from '@tarojs/components'
import './Resident.css'

interface Props {
  label: string
  selected: boolean
  onSelect: () => void
  className?: string
}

/** One option of a single choice, a whole row tall enough for a thumb (DESIGN §7). */
export function Choice({ label, selected, onSelect, className = '' }: Props) {
  return (
    <View className={`choice tappable ${selected ? 'choice--selected' : ''} ${className}`} onClick={onSelect}>
      {selected ? '● ' : '○ '}
      {label}
    </View>
  )
}
