import Taro from '@tarojs/taro'
import { ApiError, buildUrl, toApiError } from './api'
import { getToken } from './session'

type Query = Record<string, string | undefined>

/**
 * Downloads an Excel export (GET /exports/…) and hands it to the person: the mini-program opens it in
 * WeChat's document viewer, whose menu forwards or saves it; a browser saves it under the server's
 * filename. The only place that knows the two platforms differ.
 */
export async function downloadExport(path: string, query: Query): Promise<void> {
  const url = buildUrl(path, query)
  const token = getToken()
  const header: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {}
  if (process.env.TARO_ENV === 'h5') await saveInBrowser(url, header)
  else await openInWeChat(url, header)
}

async function openInWeChat(url: string, header: Record<string, string>): Promise<void> {
  let result: Taro.downloadFile.FileSuccessCallbackResult
  try {
    result = await Taro.downloadFile({ url, header })
  } catch {
    throw new ApiError(0, 'NETWORK', '网络不可用，请检查网络后重试')
  }
  // An error answer is saved to the file too; its JSON body is not readable here, so the status speaks.
  if (result.statusCode !== 200) throw toApiError(result.statusCode, null)
  await Taro.openDocument({ filePath: result.tempFilePath, fileType: 'xlsx', showMenu: true })
}

async function saveInBrowser(url: string, header: Record<string, string>): Promise<void> {
  let response: Response
  try {
    response = await fetch(url, { headers: header })
  } catch {
    throw new ApiError(0, 'NETWORK', '网络不可用，请检查网络后重试')
  }
  if (!response.ok) throw toApiError(response.status, await response.json().catch(() => null))
  const blob = await response.blob()
  const link = document.createElement('a')
  link.href = URL.createObjectURL(blob)
  link.download = filenameOf(response.headers.get('Content-Disposition')) ?? 'export.xlsx'
  document.body.appendChild(link)
  link.click()
  link.remove()
  // The click has started the download by now; the object URL is only needed until then.
  setTimeout(() => URL.revokeObjectURL(link.href), 1000)
}

/** The Chinese `filename*` (RFC 5987) when given, else the ASCII `filename`. */
export function filenameOf(disposition: string | null): string | null {
  if (!disposition) return null
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)
  if (encoded) return decodeURIComponent(encoded[1])
  return /filename="([^"]+)"/i.exec(disposition)?.[1] ?? null
}
