import type { FastifyRequest } from 'fastify'
import { forbidden } from '../../errors'
import { sessionOf } from '../../plugins/app/authorization'

/**
 * The resident behind a `'session'` route of the resident flow: an unbound WeChat session, known only by
 * its openid. Staff sessions are refused: these routes act for the person who scanned the code.
 */
export function residentOf(request: FastifyRequest): { openid: string } {
  const principal = sessionOf(request)
  if (principal.kind !== 'resident' || !principal.session.wechatOpenid) throw forbidden('此功能仅供居民在微信小程序中使用')
  return { openid: principal.session.wechatOpenid }
}
