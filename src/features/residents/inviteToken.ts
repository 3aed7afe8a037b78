/**
 * The invitation token from the page's query: a 小程序码 carries it URL-encoded in `scene` (WeChat's
 * only parameter for unlimited codes), a link or the H5 QR code in `token`.
 */
export function inviteTokenOf(params: Partial<Record<string, string>>): string {
  const raw = params.scene || params.token || ''
  try {
    return decodeURIComponent(raw).trim()
  } catch {
    return raw.trim()
  }
}
