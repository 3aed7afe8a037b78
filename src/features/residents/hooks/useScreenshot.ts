import { useState } from 'react'
import Taro from '@tarojs/taro'
import { errorMessage } from '@/services/api'
import { uploadAsResident } from '@/services/residentSession'

export type Screenshot =
  | { kind: 'none' }
  | { kind: 'uploading'; path: string }
  | { kind: 'uploaded'; path: string; id: string }
  | { kind: 'failed'; message: string }

/** The optional screenshot of the app: one image from the album or camera, uploaded at once. */
export function useScreenshot() {
  const [screenshot, setScreenshot] = useState<Screenshot>({ kind: 'none' })

  const choose = async () => {
    let path: string | undefined
    try {
      const { tempFiles } = await Taro.chooseMedia({ count: 1, mediaType: ['image'], sourceType: ['album', 'camera'], sizeType: ['compressed'] })
      path = tempFiles[0]?.tempFilePath
    } catch {
      // Cancelled, or the privacy question was declined: nothing was chosen, nothing is sent.
      return
    }
    if (!path) return
    setScreenshot({ kind: 'uploading', path })
    try {
      const { id } = await uploadAsResident(path)
      setScreenshot({ kind: 'uploaded', path, id })
    } catch (caught) {
      setScreenshot({ kind: 'failed', message: errorMessage(caught) })
    }
  }

  const remove = () => setScreenshot({ kind: 'none' })

  return { screenshot, choose, remove, uploadId: screenshot.kind === 'uploaded' ? screenshot.id : undefined }
}
