import Taro from '@tarojs/taro'
import { api } from '@/services/api'
import { getOutboxSnapshot, syncNow } from '@/services/outbox'
import { clearSession } from '@/services/session'
import { unsyncedLine } from '@/features/sync/waitingLine'
import { PAGES } from '@/routes'

/**
 * 退出登录, asked first. Changes the server does not have yet stay on the phone as this person's (the
 * next one to sign in neither sends nor sees them, and they leave when this person signs in again),
 * but whoever hands the phone on should know: the dialog says how many and offers 立即同步 first.
 */
export async function confirmLogout(): Promise<void> {
  const { pending, rejected } = getOutboxSnapshot()
  const left = unsyncedLine(pending.length, rejected.length)
  if (!left) {
    const { confirm } = await Taro.showModal({ title: '退出登录', content: '确定退出当前账号吗？' })
    if (confirm) await signOut()
    return
  }
  const kept = [
    pending.length > 0 ? '未同步的修改留在本机，您再次登录后自动发送' : null,
    rejected.length > 0 ? '未通过的修改可在“同步”页重试或放弃' : null
  ].filter(Boolean)
  const { confirm } = await Taro.showModal({
    title: '退出登录',
    content: `${left}。${kept.join('；')}，其他人登录看不到。`,
    confirmText: '立即同步',
    cancelText: '仍要退出'
  })
  if (!confirm) return signOut()

  const outcome = await syncNow()
  const after = getOutboxSnapshot()
  if (outcome.ok && after.pending.length === 0 && after.rejected.length === 0) {
    void Taro.showToast({ title: '已全部同步', icon: 'success' })
    return signOut()
  }
  // Still waiting (no signal) or refused: the sync page says which and why, with 重试 and 放弃.
  void Taro.navigateTo({ url: PAGES.sync })
}

/** Ends the session on the server (best effort) and on the phone; the outbox stays this person's. */
async function signOut(): Promise<void> {
  await api.post('/auth/logout').catch(() => undefined)
  clearSession()
  void Taro.reLaunch({ url: PAGES.login })
}
