import { Button } from '@nutui/nutui-react-taro'
import { confirmLogout } from '../logout'

/** 退出登录, after saying what this person has not sent yet (see confirmLogout). */
export function LogoutButton({ className }: { className?: string }) {
  return (
    <Button className={className} block fill='none' onClick={() => void confirmLogout()}>
      退出登录
    </Button>
  )
}
