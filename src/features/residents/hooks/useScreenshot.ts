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
 * One image's temporary path, or null when the person cancels or declines WeChat's privacy question.
 * Callbacks, not the returned promise: Taro does not promisify chooseMedia on weapp, and only newer
 * base libraries return one.
 */
function pickImage(): Promise<string | null> {
  return new Promise((resolve) => {
    void Taro.chooseMedia({
      count: 1,
      mediaType: ['image'],
      sourceType: ['album', 'camera'],
      sizeType: ['compressed'],
      success: ({ tempFiles }) => resolve(tempFiles[0]?.tempFilePath ?? null),
      fail: () => resolve(null)
    })
  })
}

/** The optional screenshot of the app: one image from the album or camera, uploaded at once. */
export function useScreenshot() {
  const [screenshot, setScreenshot] = useState<Screenshot>({ kind: 'none' })

  const choose = async () => {
    const path = await pickImage()
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
