import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import './Call96110.css'

/** 96110, the anti-fraud warning line, one tap away wherever a resident may need it. */
export function Call96110() {
  return (
    <Button className='call-96110' type='primary' block onClick={() => void Taro.makePhoneCall({ phoneNumber: '96110' }).catch(() => undefined)}>
      拨打 96110 反诈专线
    </Button>
  )
}
