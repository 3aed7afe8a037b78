import Taro, { useLoad } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useLogin } from '@/features/auth/hooks/useLogin'
import { landingPageFor } from '@/features/auth/landing'
import { PasswordLoginForm } from '@/features/auth/components/PasswordLoginForm'
import { BindInvitationForm } from '@/features/auth/components/BindInvitationForm'
import { getUser } from '@/services/session'
import { PAGES } from '@/routes'
import './index.css'

const IS_WEAPP = process.env.TARO_ENV === 'weapp'

export default function LoginPage() {
  const { stage, setStage, busy, error, fieldErrors, loginWithPassword, loginWithWechat, bindInvitation } = useLogin(
    IS_WEAPP ? 'wechat' : 'password'
  )

  // Someone already signed in goes straight to their start page.
  useLoad(() => {
    const user = getUser()
    const page = user && landingPageFor(user)
    if (page) void Taro.reLaunch({ url: page })
  })

  return (
    <View className='login'>
      <View className='login-brand'>
        <Text className='login-title'>无诈社区</Text>
        <Text className='login-subtitle'>网格员入户宣传与反诈APP注册登记</Text>
      </View>

      <View className='login-card'>
        {stage === 'wechat' && (
          <>
            <Button className='wechat-login' type='primary' block loading={busy} onClick={loginWithWechat}>
              微信一键登录
            </Button>
            <Button className='password-switch' block fill='none' onClick={() => setStage('password')}>
              账号密码登录
            </Button>
          </>
        )}
        {stage === 'password' && (
          <>
            <PasswordLoginForm busy={busy} errors={fieldErrors} onSubmit={loginWithPassword} />
            {IS_WEAPP && (
              <Button block fill='none' onClick={() => setStage('wechat')}>
                返回微信登录
              </Button>
            )}
          </>
        )}
        {stage === 'bind' && <BindInvitationForm busy={busy} onSubmit={bindInvitation} />}
        {error && <View className='login-error'>{error}</View>}
      </View>

      <View className='login-privacy'>
        登录即表示您已阅读并同意
        <Text className='link' onClick={() => Taro.navigateTo({ url: PAGES.privacy })}>
          《用户隐私保护指引》
        </Text>
      </View>
      {/* Open to anyone, signed in or not: a resident who landed here still learns how to stay safe. */}
      <View className='tappable link login-knowledge' onClick={() => void Taro.navigateTo({ url: PAGES.knowledge })}>
        防骗知识 ›
      </View>
    </View>
  )
}
