import Taro from '@tarojs/taro'
import { API_PREFIX, ApiError } from '@/services/api'
import { getToken } from '@/services/session'

/**
 * A resident's screenshot for the reviewer. The image route needs the bearer token, which an <Image>
 * cannot send: weapp downloads it to a temporary file, H5 fetches it into an object URL.
 */
export async function loadScreenshot(uploadId: string): Promise<string> {
  const url = `${API_PREFIX}/uploads/${encodeURIComponent(uploadId)}`
  const token = getToken()
  const header: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {}
  // A literal test, so each platform's build drops the other's branch.
  if (process.env.TARO_ENV === 'h5') {
    let response: Response
    try {
      response = await fetch(url, { headers: header })
    } catch {
      throw new ApiError(0, 'NETWORK', '没有网络，联网后可查看截图')
    }
    if (!response.ok) throw new ApiError(response.status, 'SERVER', '截图无法打开')
    return URL.createObjectURL(await response.blob())
  }
  let result: Taro.downloadFile.FileSuccessCallbackResult
  try {
    result = await Taro.downloadFile({ url, header })
  } catch {
    throw new ApiError(0, 'NETWORK', '没有网络，联网后可查看截图')
  }
  if (result.statusCode !== 200) throw new ApiError(result.statusCode, 'SERVER', '截图无法打开')
  return result.tempFilePath
}
