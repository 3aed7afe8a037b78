import Taro from '@tarojs/taro'
import type { LoginResponse } from '@/core/api'
import { ApiError, API_PREFIX, request, toApiError } from './api'
import { readJson, removeKey, writeJson } from './storage'

/**
 * A resident's session, stored apart from the staff session (`wuzha.session`): a worker who scans an
 * invitation on their own phone, or lends it to a resident, stays signed in as themselves, and the
 * resident's token never sends a worker's changes. In the mini-program it is a WeChat identity
 * (wx.login); a browser has none, so on H5 the invitation it opened is its credential
 * (POST /auth/invitation, our addition to API.md) and the session holds that one invitation.
 */
const RESIDENT_SESSION_KEY = 'wuzha.resident.session'

interface ResidentSession {
  token: string
  expiresAt: string
  /** H5: the invitation this session was signed in with, and the only one it can certify with. */
  inviteToken?: string
}

const signsInWithInvitation = process.env.TARO_ENV === 'h5'

/** The stored session, unless it is a browser's bound to another invitation than this one. */
function storedSession(inviteToken: string): ResidentSession | null {
  const session = readJson<ResidentSession | null>(RESIDENT_SESSION_KEY, null)
  if (session?.inviteToken !== undefined && session.inviteToken !== inviteToken) return null
  return session
}

/** Mini-program: signs in silently with wx.login (no form: a resident has no account, only a WeChat identity). */
async function signInWithWechat(): Promise<LoginResponse> {
  const code = await Taro.login().then(
    (result) => result.code,
    () => undefined
  )
  if (!code) throw new ApiError(0, 'NETWORK', '无法获取微信身份，请稍后重试')
  return request<LoginResponse>('POST', '/auth/wechat', { body: { code }, anonymous: true })
}

/** H5: the invitation signs the browser in (an unknown, revoked or expired one answers 404). */
function signInWithInvitation(inviteToken: string): Promise<LoginResponse> {
  return request<LoginResponse>('POST', '/auth/invitation', { body: { inviteToken }, anonymous: true })
}

async function signIn(inviteToken: string): Promise<ResidentSession> {
  const response = signsInWithInvitation ? await signInWithInvitation(inviteToken) : await signInWithWechat()
  const session: ResidentSession = { token: response.token, expiresAt: response.expiresAt, ...(signsInWithInvitation ? { inviteToken } : {}) }
  writeJson(RESIDENT_SESSION_KEY, session)
  return session
}

/** Whether this phone signed in as a resident for this invitation before (and so may have submitted). */
export function hasResidentSession(inviteToken: string): boolean {
  return storedSession(inviteToken) !== null
}

/** Runs `call` with the resident's token; an expired session is replaced once by a fresh silent sign-in. */
async function withResidentToken<T>(inviteToken: string, call: (token: string) => Promise<T>): Promise<T> {
  const token = (storedSession(inviteToken) ?? (await signIn(inviteToken))).token
  try {
    return await call(token)
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error
    removeKey(RESIDENT_SESSION_KEY)
    return call((await signIn(inviteToken)).token)
  }
}

/** The resident flow's API calls, as the resident who opened this invitation. */
export function residentApi(inviteToken: string) {
  return {
    get: <T>(path: string) => withResidentToken(inviteToken, (token) => request<T>('GET', path, { token })),
    post: <T>(path: string, body: unknown) => withResidentToken(inviteToken, (token) => request<T>('POST', path, { token, body }))
  }
}

/**
 * Sends one image to POST /uploads as the resident (multipart field `file`) and answers its id; the
 * server's own message for a refused file (413 too large, 415 not JPEG or PNG) comes back as the error.
 */
export function uploadAsResident(inviteToken: string, filePath: string): Promise<{ id: string }> {
  return withResidentToken(inviteToken, async (token) => {
    let result: Taro.uploadFile.SuccessCallbackResult
    try {
      result = await Taro.uploadFile({ url: `${API_PREFIX}/uploads`, filePath, name: 'file', header: { Authorization: `Bearer ${token}` } })
    } catch {
      throw new ApiError(0, 'NETWORK', '网络不可用，请检查网络后重试')
    }
    const body = parseJson(result.data)
    if (result.statusCode >= 200 && result.statusCode < 300 && body && typeof (body as { id?: unknown }).id === 'string') {
      return body as { id: string }
    }
    throw toApiError(result.statusCode, body)
  })
}

function parseJson(data: unknown): unknown {
  if (typeof data !== 'string') return data
  try {
    return JSON.parse(data)
  } catch {
    return null
  }
}
