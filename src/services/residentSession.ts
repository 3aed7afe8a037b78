import Taro from '@tarojs/taro'
import type { LoginResponse } from '@/core/api'
import { ApiError, API_PREFIX, request, toApiError } from './api'
import { readJson, removeKey, writeJson } from './storage'

/**
 * A resident's WeChat session, stored apart from the staff session (`wuzha.session`): a worker who
 * scans an invitation on their own phone, or lends it to a resident, stays signed in as themselves,
 * and the resident's token never sends a worker's changes.
 */
const RESIDENT_SESSION_KEY = 'wuzha.resident.session'

interface ResidentSession {
  token: string
  expiresAt: string
}

function storedSession(): ResidentSession | null {
  return readJson<ResidentSession | null>(RESIDENT_SESSION_KEY, null)
}

/** Signs in silently with wx.login: no form, since a resident has no account, only a WeChat identity. */
async function signIn(): Promise<ResidentSession> {
  // The H5 build has no wx.login (Taro's production stand-in "succeeds" without a code): only the
  // mini-program carries a WeChat identity, which API.md's resident session is.
  const code = await Taro.login().then(
    (result) => result.code,
    () => undefined
  )
  if (!code) throw new ApiError(0, 'NETWORK', '无法获取微信身份，请在微信中扫码打开小程序后登记')
  const response = await request<LoginResponse>('POST', '/auth/wechat', { body: { code }, anonymous: true })
  const session = { token: response.token, expiresAt: response.expiresAt }
  writeJson(RESIDENT_SESSION_KEY, session)
  return session
}

/** Whether this phone's WeChat identity signed in as a resident before (and so may have submitted). */
export function hasResidentSession(): boolean {
  return storedSession() !== null
}

async function residentToken(): Promise<string> {
  return (storedSession() ?? (await signIn())).token
}

/** Runs `call` with the resident's token; an expired session is replaced once by a fresh silent sign-in. */
async function withResidentToken<T>(call: (token: string) => Promise<T>): Promise<T> {
  const token = await residentToken()
  try {
    return await call(token)
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error
    removeKey(RESIDENT_SESSION_KEY)
    return call((await signIn()).token)
  }
}

export const residentApi = {
  get: <T>(path: string) => withResidentToken((token) => request<T>('GET', path, { token })),
  post: <T>(path: string, body: unknown) => withResidentToken((token) => request<T>('POST', path, { token, body }))
}

/**
 * Sends one image to POST /uploads as the resident (multipart field `file`) and answers its id; the
 * server's own message for a refused file (413 too large, 415 not JPEG or PNG) comes back as the error.
 */
export function uploadAsResident(filePath: string): Promise<{ id: string }> {
  return withResidentToken(async (token) => {
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
