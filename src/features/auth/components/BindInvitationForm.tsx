import { useState } from 'react'
import { View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'

interface Props {
  busy: boolean
  onSubmit: (inviteCode: string) => void
}

/** First WeChat sign-in of a staff member: the invitation code from their administrator binds the account. */
export function BindInvitationForm({ busy, onSubmit }: Props) {
  const [inviteCode, setInviteCode] = useState('')
  return (
    <>
      <View className='login-hint'>首次使用，请输入管理员发给您的邀请码</View>
      <Input
        className='login-input invite-code'
        name='inviteCode'
        placeholder='邀请码'
        value={inviteCode}
        onChange={setInviteCode}
      />
      <Button type='primary' block loading={busy} onClick={() => onSubmit(inviteCode)}>
        绑定并进入
      </Button>
    </>
  )
}
