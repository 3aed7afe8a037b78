import Taro from '@tarojs/taro'

/**
 * Whether the phone has signal, and a way to hear when that changes. WeChat reports changes through
 * onNetworkStatusChange; a browser (H5) reliably only through window's online/offline events.
 */
export type NetworkListener = (online: boolean) => void

export function watchNetwork(listener: NetworkListener): () => void {
  const onStatus = (result: { isConnected: boolean }) => listener(result.isConnected)
  Taro.onNetworkStatusChange(onStatus)
  const stops = [() => Taro.offNetworkStatusChange?.(onStatus)]
  if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') {
    const online = () => listener(true)
    const offline = () => listener(false)
    window.addEventListener('online', online)
    window.addEventListener('offline', offline)
    stops.push(() => {
      window.removeEventListener('online', online)
      window.removeEventListener('offline', offline)
    })
  }
  void currentlyOnline().then(listener)
  return () => stops.forEach((stop) => stop())
}

async function currentlyOnline(): Promise<boolean> {
  if (process.env.TARO_ENV === 'h5' && typeof navigator !== 'undefined') return navigator.onLine
  try {
    const { networkType } = await Taro.getNetworkType()
    return networkType !== 'none'
  } catch {
    return true
  }
}
