import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { api } from '@/services/api'
import { clearSession } from '@/services/session'
import { PAGES } from '@/routes'

/** Ends the session on the server (best effort) and on the device. The outbox stays for the next sign-in. */
export function LogoutButton() {
  async function logout() {
    const { confirm } = await Taro.showModal({ title: '退出登录', content: '确定退出当前账号吗？' })
    if (!confirm) return
    await api.post('/auth/logout').catch(() => undefined)
    clearSession()
    void Taro.reLaunch({ url: PAGES.login })
  }
  return (
    <Button block fill='none' onClick={logout}>
      退出登录
    </Button>
  )
}
