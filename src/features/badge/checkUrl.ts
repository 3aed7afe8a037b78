import { BADGE_CHECK_PAGE, badgeCheckPath } from '@/core/badge'

/**
 * What the badge QR code holds: in the mini-program, the check page's path with the token (WeChat opens
 * it when scanned); on H5, the same page's URL in the H5 app.
 */
export function badgeQrText(token: string): string {
  if (process.env.TARO_ENV === 'weapp') return badgeCheckPath(token)
  return `${window.location.origin}/#/${BADGE_CHECK_PAGE}?token=${encodeURIComponent(token)}`
}
