import { useState } from 'react'
import { View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'

interface Props {
  busy: boolean
  /** Errors by field (`username`, `password`): each shown under its field, all at once. */
  errors: Record<string, string>
  onSubmit: (username: string, password: string) => void
}

export function PasswordLoginForm({ busy, errors, onSubmit }: Props) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  return (
    <>
      <Input className='login-input' name='username' placeholder='账号' value={username} onChange={setUsername} />
      {errors.username && <View className='login-field-error'>{errors.username}</View>}
      <Input
        className='login-input'
        name='password'
        type='password'
        placeholder='密码'
        value={password}
        onChange={setPassword}
      />
      {errors.password && <View className='login-field-error'>{errors.password}</View>}
      <Button type='primary' block loading={busy} onClick={() => onSubmit(username, password)}>
        登录
      </Button>
    </>
  )
}
