import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useInvitation } from '@/features/residents/hooks/useInvitation'
import { inviteTokenOf } from '@/features/residents/inviteToken'
import { ConsentSheet } from '@/features/residents/components/ConsentSheet'
import { CertificationForm } from '@/features/residents/components/CertificationForm'
import { MyCertifications } from '@/features/residents/components/MyCertifications'
import { KnowledgeLink } from '@/features/residents/components/KnowledgeLink'
import './index.css'

/** Opened by the household's QR code: a resident certifies a family member's 国家反诈中心APP. */
export default function InvitePage() {
  const token = inviteTokenOf(useRouter().params)
  const { invite, mine, consent, agree, decline, reconsider, busy, error, fieldErrors, submit } = useInvitation(token)
  // Someone who submitted before sees the outcome first; another member is one tap away.
  const [another, setAnother] = useState(false)

  if (invite.kind === 'loading') return <View className='page invite muted'>加载中…</View>
  if (invite.kind !== 'ready') {
    return (
      <View className='page invite'>
        <View className='section'>
          {invite.kind === 'gone' && <View className='invite-gone'>该邀请已过期或已被撤销</View>}
          {invite.kind === 'missing' && <View className='invite-gone'>二维码不完整，无法打开邀请</View>}
          {invite.kind === 'failed' && <View className='invite-gone'>{invite.message}</View>}
          <View>请联系您的网格员，重新出示本户的登记二维码。</View>
        </View>
        <KnowledgeLink />
      </View>
    )
  }

  const { village, addressMasked, members } = invite.invite
  const filling = mine.length === 0 || another
  return (
    <View className='page invite'>
      <View className='section'>
        <View className='invite-village'>{village.name}</View>
        <View>{addressMasked}</View>
      </View>
      {mine.length > 0 && <MyCertifications items={mine} />}
      {!filling && (
        <Button className='certify-another' block fill='outline' onClick={() => setAnother(true)}>
          为其他家庭成员登记
        </Button>
      )}
      {filling && consent === 'asked' && <ConsentSheet onAgree={agree} onDecline={decline} />}
      {filling && consent === 'declined' && (
        <View className='section declined'>
          <View className='section-title'>您没有同意，我们不会收集或发送您的任何信息</View>
          <View>防骗知识不需要登记，随时可以看。</View>
          <KnowledgeLink />
          <Button className='consent-reconsider' block fill='outline' onClick={reconsider}>
            重新阅读并同意
          </Button>
        </View>
      )}
      {filling && consent === 'agreed' && (
        <CertificationForm
          inviteToken={token}
          members={members}
          busy={busy}
          errors={fieldErrors}
          onSubmit={(draft) =>
            void submit(draft).then((sent) => {
              if (sent) setAnother(false)
            })
          }
        />
      )}
      {error && <View className='section error-text invite-error'>{error}</View>}
    </View>
  )
}
