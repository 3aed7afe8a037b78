import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { PAGES } from '@/routes'
import './MeEntry.css'

/** The way to 我的 (account, sync state, 退出登录) from a start page: one full-width row. */
export function MeEntry() {
  return (
    <View className='me-entry' onClick={() => void Taro.navigateTo({ url: PAGES.me })}>
      <View className='me-entry-title'>我的</View>
      <View className='me-entry-hint'>账号 · 同步 · 退出登录 ›</View>
    </View>
  )
}

/** The way to 我的 as a button among a page's tools (a village admin's household list). */
export function MeButton() {
  return (
    <Button className='me-button' onClick={() => void Taro.navigateTo({ url: PAGES.me })}>
      我的
    </Button>
  )
}
