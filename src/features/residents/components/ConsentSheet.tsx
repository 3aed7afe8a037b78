import Taro from '@tarojs/taro'
import { Button as WxButton, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { PAGES } from '@/routes'
import { AGREE_BUTTON_ID } from '../hooks/useInvitation'
import './Resident.css'

interface Props {
  onAgree: () => void
  onDecline: () => void
}

/**
 * The privacy notice a resident agrees to before anything personal is chosen or sent. On weapp the
 * agree button is WeChat's agreePrivacyAuthorization button, so the same tap also answers WeChat's own
 * privacy question (wx.onNeedPrivacyAuthorization) for the image picker.
 */
export function ConsentSheet({ onAgree, onDecline }: Props) {
  return (
    <View className='section consent'>
      <View className='section-title'>个人信息保护提示</View>
      <View className='consent-text'>
        登记时，我们会收集：您选择的家庭成员、填报的国家反诈中心APP状态、来电预警是否开启、常驻地区，需要时核对登记手机号的后4位，以及您自愿上传的APP截图。
      </View>
      <View className='consent-text'>
        这些信息只交给负责您家的网格员审核，用于无诈社区创建工作；截图在审核完成并经过保存期限后删除。
      </View>
      <View className='tappable link' onClick={() => void Taro.navigateTo({ url: PAGES.privacy })}>
        <Text>查看《用户隐私保护指引》</Text>
      </View>
      <View className='actions'>
        {process.env.TARO_ENV === 'weapp' ? (
          <WxButton
            id={AGREE_BUTTON_ID}
            className='consent-agree'
            openType='agreePrivacyAuthorization'
            onAgreePrivacyAuthorization={onAgree}
          >
            同意并继续
          </WxButton>
        ) : (
          <Button className='consent-agree' type='primary' block onClick={onAgree}>
            同意并继续
          </Button>
        )}
        <Button className='consent-decline' block fill='outline' onClick={onDecline}>
          不同意
        </Button>
      </View>
    </View>
  )
}
