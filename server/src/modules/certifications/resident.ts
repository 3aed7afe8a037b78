import type { FastifyRequest } from 'fastify'
import type { AuthenticatedSession } from '../../access/sessions'
import { forbidden } from '../../errors'
import { sessionOf } from '../../plugins/app/authorization'

/**
 * A resident as the resident flow knows them: `key` names them in certifications and uploads (the
 * `resident_openid` and `owner_openid` columns) — a WeChat openid, or `web:<uuid>` for a browser session
 * (openids never contain ':', wechat.ts checks, so the two cannot meet); `inviteTokenHash` is the one
 * invitation a browser session holds, null for WeChat, which may use any invitation it is shown.
 */
export interface Resident {
  key: string
  inviteTokenHash: string | null
}

/** Browser identities are written with this prefix wherever a resident is named. */
export const BROWSER_RESIDENT_PREFIX = 'web:'

export function residentOfSession(session: AuthenticatedSession): Resident | null {
  if (session.user) return null
  if (session.wechatOpenid) return { key: session.wechatOpenid, inviteTokenHash: null }
  if (session.browser) return { key: `${BROWSER_RESIDENT_PREFIX}${session.browser.residentKey}`, inviteTokenHash: session.browser.inviteTokenHash }
  return null
}

/**
 * The resident behind a `'session'` route of the resident flow. Staff sessions are refused: these
 * routes act for the person who scanned the code.
 */
export function residentOf(request: FastifyRequest): Resident {
  const principal = sessionOf(request)
  const resident = principal.kind === 'resident' ? residentOfSession(principal.session) : null
  if (!resident) throw forbidden('此功能仅供居民扫码登记时使用')
  return resident
}
