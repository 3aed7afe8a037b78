/**
 * The WeChat platform (`@tarojs/taro`) as the outbox sees it, for one simulated phone: key-value
 * storage, the network (each request handed to the test's `Network`), and network status events.
 * jest maps `@tarojs/taro` here (jest.config.js, project sync-model); a test gives each module
 * instance its phone with `attachPhone` right after loading it. Only the platform is replaced: the
 * app's own modules run as they are.
 */
export interface RequestOptions {
  url: string
  method?: string
  header?: Record<string, string>
  data?: unknown
}

export interface Response {
  statusCode: number
  data: unknown
}

export interface Phone {
  /** What survives a restart of the app. */
  storage: Map<string, string>
  online: boolean
  /** Answers a request the app makes while online, or rejects like a request that got no answer. */
  send(options: RequestOptions): Promise<Response>
  statusListeners: Set<(result: { isConnected: boolean; networkType: string }) => void>
  /** Called before every storage write or removal; throwing from it is the app being killed there. */
  beforeStorageWrite?(key: string): void
}

let phone: Phone | null = null

export function attachPhone(next: Phone): void {
  phone = next
}

function current(): Phone {
  if (!phone) throw new Error('platform shim: attachPhone() first')
  return phone
}

const Taro = {
  getStorageSync(key: string): string {
    return current().storage.get(key) ?? ''
  },
  setStorageSync(key: string, value: unknown): void {
    current().beforeStorageWrite?.(key)
    current().storage.set(key, typeof value === 'string' ? value : JSON.stringify(value))
  },
  removeStorageSync(key: string): void {
    current().beforeStorageWrite?.(key)
    current().storage.delete(key)
  },
  getStorageInfoSync(): { keys: string[]; currentSize: number; limitSize: number } {
    const storage = current().storage
    const bytes = [...storage].reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0)
    return { keys: [...storage.keys()], currentSize: Math.ceil(bytes / 1024), limitSize: 10240 }
  },
  async request(options: RequestOptions): Promise<Response> {
    const device = current()
    if (!device.online) throw { errMsg: 'request:fail net::ERR_INTERNET_DISCONNECTED' }
    return device.send(options)
  },
  async getNetworkType(): Promise<{ networkType: string }> {
    return { networkType: current().online ? 'wifi' : 'none' }
  },
  onNetworkStatusChange(listener: (result: { isConnected: boolean; networkType: string }) => void): void {
    current().statusListeners.add(listener)
  },
  offNetworkStatusChange(listener: (result: { isConnected: boolean; networkType: string }) => void): void {
    current().statusListeners.delete(listener)
  },
  async reLaunch(): Promise<void> {}
}

export default Taro
