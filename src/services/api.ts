import Taro from '@tarojs/taro'
import type { ApiErrorBody } from '@/core/api'
import { PAGES } from '@/routes'
import { clearSession, getToken } from './session'

export type ApiErrorCode = ApiErrorBody['error']['code'] | 'NETWORK' | 'SERVER'

/**
 * A failed API call. `code` and `message` are the server's (API.md: message is Chinese, for the
 * person using the app); a request that never got an answer has status 0 and code NETWORK.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: unknown[] = []
  ) {
    super(message)
    this.name = 'ApiError'
  }

  /** Worth trying again later: no answer, a server fault, or rate limiting. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429
  }
}

export const API_PREFIX = `${API_BASE}/api/v1`
const TIMEOUT_MS = 15000

type Query = Record<string, string | number | undefined | null>
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export function buildUrl(path: string, query?: Query): string {
  const pairs = Object.entries(query ?? {})
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
  return `${API_PREFIX}${path}${pairs.length ? `?${pairs.join('&')}` : ''}`
}

interface RequestOptions {
  query?: Query
  body?: unknown
  /** Sign-in calls go without the stored token, and their 401 means wrong credentials, not an expired session. */
  anonymous?: boolean
  /** A session other than the staff one: a resident's, kept apart so it never replaces a worker's sign-in. */
  token?: string
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const token = options.anonymous ? null : (options.token ?? getToken())
  const header: Record<string, string> = { Accept: 'application/json' }
  if (options.body !== undefined) header['Content-Type'] = 'application/json'
  if (token) header.Authorization = `Bearer ${token}`

  let statusCode: number
  let data: unknown
  try {
    const response = await Taro.request({
      url: buildUrl(path, options.query),
      method,
      header,
      data: options.body as TaroGeneral.IAnyObject,
      dataType: 'json',
      timeout: TIMEOUT_MS
    })
    statusCode = response.statusCode
    data = response.data
  } catch {
    throw new ApiError(0, 'NETWORK', '网络不可用，请检查网络后重试')
  }
  if (statusCode >= 200 && statusCode < 300) return (statusCode === 204 ? undefined : data) as T

  const error = toApiError(statusCode, data)
  // A session that stops working (expired, revoked) sends the person back to sign in — unless it is
  // already gone: an answer to a request sent before signing out must not sign out whoever came next.
  if (statusCode === 401 && token && getToken() === token) {
    clearSession()
    void Taro.reLaunch({ url: PAGES.login })
  }
  throw error
}

export function toApiError(status: number, data: unknown): ApiError {
  const body = data as Partial<ApiErrorBody> | null
  if (body && typeof body === 'object' && body.error && typeof body.error.message === 'string') {
    return new ApiError(status, body.error.code, body.error.message, body.error.details ?? [])
  }
  if (status >= 500) return new ApiError(status, 'SERVER', '服务器暂时不可用，请稍后重试')
  return new ApiError(status, 'SERVER', `请求失败（${status}）`)
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  postAnonymous: <T>(path: string, body: unknown) => request<T>('POST', path, { body, anonymous: true }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path)
}

/** The message to show for anything thrown by an API call. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message
  // Our own checks (form validation) throw errors whose message is already meant for the person.
  if (error instanceof Error && /[\u4e00-\u9fa5]/.test(error.message)) return error.message
  return '出错了，请稍后重试'
}
