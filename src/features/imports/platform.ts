import Taro from '@tarojs/taro'
import { API_PREFIX, ApiError } from '@/services/api'
import { getToken } from '@/services/session'
import type { ApiErrorBody } from '@/core/api'
import type { ImportReport } from '@/core/imports'
import type { PickedFile } from './types'

/** Platform glue for the roster import: template download, file choice (weapp) and upload. */

export const TEMPLATE_URL = `${API_PREFIX}/imports/households/template.xlsx`

function authHeader(): Record<string, string> {
  const token = getToken()
  return token ? { Authorization: `Bearer ${token}` } : {}
}

/** Downloads the template: H5 saves it through an <a download>, weapp opens it in the document viewer. */
export async function downloadTemplate(): Promise<void> {
  // A literal test, so each platform's build drops the other's branch.
  if (process.env.TARO_ENV === 'h5') {
    let response: Response
    try {
      response = await fetch(TEMPLATE_URL, { headers: authHeader() })
    } catch {
      throw new ApiError(0, 'NETWORK', '网络不可用，请检查网络后重试')
    }
    if (!response.ok) throw responseError(response.status, await response.text())
    const blob = await response.blob()
    const url = URL.createObjectURL(blob)
    const link = document.createElement('a')
    link.href = url
    link.download = '住户名单模板.xlsx'
    document.body.appendChild(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(url), 10000)
    return
  }
  let result: Taro.downloadFile.FileSuccessCallbackResult
  try {
    result = await Taro.downloadFile({ url: TEMPLATE_URL, header: authHeader() })
  } catch {
    throw new ApiError(0, 'NETWORK', '网络不可用，请检查网络后重试')
  }
  if (result.statusCode < 200 || result.statusCode >= 300) throw new ApiError(result.statusCode, 'SERVER', `模板下载失败（${result.statusCode}）`)
  await Taro.openDocument({ filePath: result.tempFilePath, fileType: 'xlsx', showMenu: true })
}

/** weapp: picks one .xlsx from a chat. Null when the person cancels. */
export async function chooseRosterFile(): Promise<PickedFile | null> {
  try {
    const { tempFiles } = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] })
    const [file] = tempFiles
    return file ? { name: file.name, path: file.path } : null
  } catch {
    return null
  }
}

/** Sends the file to POST /imports/households and answers the report; server errors as ApiError with its message. */
export async function uploadRoster(file: PickedFile, gridId: string, dryRun: boolean): Promise<ImportReport> {
  const url = `${API_PREFIX}/imports/households?grid=${encodeURIComponent(gridId)}&dryRun=${dryRun ? 'true' : 'false'}`
  let status: number
  let text: string
  if (process.env.TARO_ENV === 'h5' && file.file) {
    const form = new FormData()
    form.append('file', file.file, file.name)
    try {
      const response = await fetch(url, { method: 'POST', headers: authHeader(), body: form })
      status = response.status
      text = await response.text()
    } catch {
      throw new ApiError(0, 'NETWORK', '网络不可用，请检查网络后重试')
    }
  } else {
    if (!file.path) throw new Error('请先选择文件')
    try {
      const result = await Taro.uploadFile({ url, filePath: file.path, name: 'file', header: authHeader() })
      status = result.statusCode
      text = typeof result.data === 'string' ? result.data : JSON.stringify(result.data)
    } catch {
      throw new ApiError(0, 'NETWORK', '网络不可用，请检查网络后重试')
    }
  }
  if (status >= 200 && status < 300) {
    try {
      return JSON.parse(text) as ImportReport
    } catch {
      throw new ApiError(status, 'SERVER', '服务器返回的数据无法识别')
    }
  }
  throw responseError(status, text)
}

function responseError(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as Partial<ApiErrorBody> | null
    if (body?.error && typeof body.error.message === 'string') return new ApiError(status, body.error.code, body.error.message)
  } catch {
    // not JSON
  }
  if (status >= 500) return new ApiError(status, 'SERVER', '服务器暂时不可用，请稍后重试')
  return new ApiError(status, 'SERVER', `请求失败（${status}）`)
}
