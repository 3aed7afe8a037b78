import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Image, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import dayjs from 'dayjs'
import { ApiError, request } from '@/services/api'
import { inviteLinkOf, inviteQrImage, type HouseholdInvite } from './inviteQr'
import './InvitePanel.css'

const messageOf = (error: unknown) => (error instanceof ApiError ? error.message : '操作失败，请稍后重试')

/**
 * H5: the link the QR code holds, shown and copyable, for a resident who cannot scan (or is sent it).
 */
function InviteLink({ link }: { link: string }) {
  return (
    <View className='invite-link-block'>
      <View className='muted'>请本户居民用手机扫码，或把下面的链接发给他们，选择本人后填报反诈APP情况，提交后由您审核。</View>
      <View className='invite-link' data-link={link}>
        {link}
      </View>
      <Button className='invite-copy' block fill='outline' onClick={() => void Taro.setClipboardData({ data: link })}>
        复制链接
      </Button>
    </View>
  )
}

/**
 * 邀请居民自助登记 on the household page (grid workers): creates an invitation, shows its code for the
 * resident to scan with the expiry, and revokes it after asking. Needs signal: an invitation is made
 * and checked by the server.
 */
export function InvitePanel({ householdId }: { householdId: string }) {
  const [invite, setInvite] = useState<HouseholdInvite | null>(null)
  const [image, setImage] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  const create = async () => {
    setBusy(true)
    setError(null)
    setNotice(null)
    try {
      const created = await request<HouseholdInvite>('POST', `/households/${householdId}/invites`)
      setInvite(created)
      setImage(await inviteQrImage(created))
    } catch (failure) {
      setError(messageOf(failure))
    } finally {
      setBusy(false)
    }
  }

  const revoke = async () => {
    if (!invite) return
    const { confirm } = await Taro.showModal({
      title: '撤销邀请',
      content: '撤销后，居民再扫这个码将无法登记。确定撤销吗？',
      confirmText: '撤销',
      cancelText: '取消'
    })
    if (!confirm) return
    setBusy(true)
    setError(null)
    try {
      await request<void>('DELETE', `/invites/${encodeURIComponent(invite.token)}`)
      setInvite(null)
      setImage(null)
      setNotice('邀请已撤销')
    } catch (failure) {
      setError(messageOf(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='section invite-panel'>
      <View className='section-title'>居民自助登记</View>
      {invite ? (
        <View className='invite-code'>
          {image ? <Image className='invite-qr' src={image} mode='aspectFit' /> : <View className='muted'>正在生成二维码…</View>}
          <View className='invite-expiry'>有效期至 {dayjs(invite.expiresAt).format('YYYY年M月D日 HH:mm')}</View>
          {process.env.TARO_ENV === 'weapp' ? (
            <View className='muted'>请本户居民用微信扫码，选择本人后填报反诈APP情况，提交后由您审核。</View>
          ) : (
            <InviteLink link={inviteLinkOf(invite)} />
          )}
          <Button className='invite-revoke' block fill='outline' disabled={busy} onClick={() => void revoke()}>
            撤销邀请
          </Button>
        </View>
      ) : (
        <Button className='invite-create' block type='primary' fill='outline' loading={busy} onClick={() => void create()}>
          邀请居民自助登记
        </Button>
      )}
      {notice && <View className='invite-notice'>{notice}</View>}
      {error && <View className='error-text'>{error}</View>}
    </View>
  )
}
