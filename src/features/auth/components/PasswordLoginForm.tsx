import { useState } from 'react'
import { Button, Input } from '@nutui/nutui-react-taro'

interface Props {
  busy: boolean
  onSubmit: (username: string, password: string) => void
}

export function PasswordLoginForm({ busy, onSubmit }: Props) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  return (
    <>
      <Input className='login-input' name='username' placeholder='账号' value={username} onChange={setUsername} />
      <Input
        className='login-input'
        name='password'
        type='password'
        placeholder='密码'
        value={password}
        onChange={setPassword}
      />
      <Button type='primary' block loading={busy} onClick={() => onSubmit(username, password)}>
        登录
      </Button>
    </>
  )
}
