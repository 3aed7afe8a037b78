import { PropsWithChildren } from 'react'
import { useDidHide, useDidShow, useLaunch } from '@tarojs/taro'
import { configure as configureIcons } from '@nutui/icons-react-taro'
import { pauseAutoSync, startAutoSync, syncNow } from '@/services/outbox'
import { startGridSync } from '@/services/gridCache'
import { registerServiceWorker } from '@/services/serviceWorker'
import { followStartPageInTitleBar } from '@/features/layout/titleBar'

import './app.css'

// NutUI icons render as <i>, which mini-programs have no template for (spinners and radio ticks would
// vanish): render them as views there.
if (process.env.TARO_ENV !== 'h5') configureIcons({ tag: 'view' })

function App({ children }: PropsWithChildren) {
  // Signal coming back is the moment to send what waits; each sync that empties the outbox then
  // pulls the worker's grid.
  useLaunch(() => {
    startAutoSync()
    startGridSync()
    registerServiceWorker()
    if (process.env.TARO_ENV === 'h5') followStartPageInTitleBar()
  })
  // So is coming back to the foreground; in the background requests die within seconds.
  useDidShow(() => {
    void syncNow()
  })
  useDidHide(() => {
    pauseAutoSync()
  })
  return children
}

export default App
