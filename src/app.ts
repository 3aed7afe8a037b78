import { PropsWithChildren } from 'react'
import { useDidShow } from '@tarojs/taro'
import { configure as configureIcons } from '@nutui/icons-react-taro'
import { syncNow } from '@/services/outbox'

import './app.css'

// NutUI icons render as <i>, which mini-programs have no template for (spinners and radio ticks would
// vanish): render them as views there.
if (process.env.TARO_ENV !== 'h5') configureIcons({ tag: 'view' })

function App({ children }: PropsWithChildren) {
  // Coming back to the foreground is the moment signal most often returns: send what waits.
  useDidShow(() => {
    void syncNow()
  })
  return children
}

export default App
