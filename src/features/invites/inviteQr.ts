import Taro from '@tarojs/taro'
import { ApiError, buildUrl } from '@/services/api'
import { getToken } from '@/services/session'
import { base64OfBytes } from '@/features/qr/base64'
import { qrDataUrl } from '@/features/qr/qrDataUrl'

/** POST /households/:id/invites (API.md). */
export interface HouseholdInvite {
  token: string
  expiresAt: string
  /** The mini-program page path with the token. */
  path: string
}

/** H5: the invitation page's URL on this site, which the QR code holds and the worker can copy and send. */
export function inviteLinkOf(invite: HouseholdInvite): string {
  return `${window.location.origin}/#/packages/resident/pages/invite/index?token=${encodeURIComponent(invite.token)}`
}

/**
 * The invitation's code as an image: in the mini-program the server's 小程序码 (a PNG it gets from
 * WeChat, behind the worker's token, so it is fetched as bytes rather than given to <Image> as a URL);
 * on H5 a QR code of the H5 invitation page's URL.
 */
export async function inviteQrImage(invite: HouseholdInvite): Promise<string> {
  if (process.env.TARO_ENV !== 'weapp') {
    return qrDataUrl(inviteLinkOf(invite))
  }
  let response: Taro.request.SuccessCallbackResult<ArrayBuffer>
  try {
    response = await Taro.request<ArrayBuffer>({
      url: buildUrl(`/invites/${encodeURIComponent(invite.token)}/wxacode`),
      method: 'GET',
      header: { Authorization: `Bearer ${getToken() ?? ''}` },
      responseType: 'arraybuffer'
    })
  } catch {
    throw new ApiError(0, 'NETWORK', '网络不可用，小程序码没有取到，请稍后重试')
  }
  if (response.statusCode !== 200) throw new ApiError(response.statusCode, 'SERVER', '小程序码没有取到，请稍后重试')
  return `data:image/png;base64,${base64OfBytes(new Uint8Array(response.data))}`
}
