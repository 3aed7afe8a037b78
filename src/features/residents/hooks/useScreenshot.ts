import { useState } from 'react'
import Taro from '@tarojs/taro'
import { errorMessage } from '@/services/api'
import { uploadAsResident } from '@/services/residentSession'

export type Screenshot =
  | { kind: 'none' }
  | { kind: 'uploading'; path: string }
  | { kind: 'uploaded'; path: string; id: string }
  | { kind: 'failed'; message: string }

/**
 * Where the picker may take an image from. On H5 the album only: Taro's H5 chooseMedia would first ask
 * 拍摄 or 从相册选择 in its own sheet on a phone, and the file input it clicks afterwards is then
 * outside the tap that browsers require; a phone's own file picker offers the camera anyway.
 */
const IMAGE_SOURCES: Array<'album' | 'camera'> = process.env.TARO_ENV === 'h5' ? ['album'] : ['album', 'camera']

/**
 * One image's temporary path (H5: a blob: URL of the chosen file), or null when the person cancels or
 * declines WeChat's privacy question. Callbacks, not the returned promise: Taro does not promisify
 * chooseMedia on weapp, and only newer base libraries return one; on H5 the promise also rejects on a
 * cancel, which the fail callback has already answered.
 */
function pickImage(): Promise<string | null> {
  return new Promise((resolve) => {
    const pending: unknown = Taro.chooseMedia({
      count: 1,
      mediaType: ['image'],
      sourceType: IMAGE_SOURCES,
      sizeType: ['compressed'],
      success: ({ tempFiles }) => resolve(tempFiles[0]?.tempFilePath ?? null),
      fail: () => resolve(null)
    })
    if (pending instanceof Promise) pending.catch(() => undefined)
  })
}

/** The optional screenshot of the app: one image from the album or camera, uploaded at once as this invitation's resident. */
export function useScreenshot(inviteToken: string) {
  const [screenshot, setScreenshot] = useState<Screenshot>({ kind: 'none' })

  const choose = async () => {
    const path = await pickImage()
    if (!path) return
    setScreenshot({ kind: 'uploading', path })
    try {
      const { id } = await uploadAsResident(inviteToken, path)
      setScreenshot({ kind: 'uploaded', path, id })
    } catch (caught) {
      setScreenshot({ kind: 'failed', message: errorMessage(caught) })
    }
  }

  const remove = () => setScreenshot({ kind: 'none' })

  return { screenshot, choose, remove, uploadId: screenshot.kind === 'uploaded' ? screenshot.id : undefined }
}
