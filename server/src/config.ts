import path from 'node:path'

/** Everything the server reads from its environment (names fixed by API.md), read once at start. */
export interface ServerConfig {
  port: number
  dataDir: string
  databaseUrl: string | null
  /** WeChat's API base; demo mode and tests point it at the built-in stand-in. */
  wechatApiBase: string
  wechatAppId: string
  wechatSecret: string
  /** 32-byte key for field encryption, from WUZHA_DATA_KEY (base64 or hex) or generated in dataDir. */
  dataKey: string | null
  production: boolean
  /** Demo mode: Linfen regions, the four demo accounts, synthetic households, WeChat stand-in. */
  demo: boolean
  /** Serve the WeChat `jscode2session` stand-in at /wechat-stand-in: demo mode and tests, never production. */
  wechatStandIn: boolean
  /** Directory of the built H5 app to serve at `/`, when present. */
  h5Dir: string | null
  version: string
}

export function readConfig(env: NodeJS.ProcessEnv, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const production = env.NODE_ENV === 'production'
  const port = Number(env.PORT ?? 3000)
  const demo = !production && env.WUZHA_DEMO !== '0'
  return {
    port,
    dataDir: path.resolve(env.WUZHA_DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || null,
    wechatApiBase: env.WECHAT_API_BASE || (demo ? `http://127.0.0.1:${port}/wechat-stand-in` : 'https://api.weixin.qq.com'),
    wechatAppId: env.WECHAT_APPID ?? (demo ? 'wx-demo-appid' : ''),
    wechatSecret: env.WECHAT_SECRET ?? (demo ? 'wx-demo-secret' : ''),
    dataKey: env.WUZHA_DATA_KEY || null,
    production,
    demo,
    wechatStandIn: demo,
    h5Dir: path.resolve(__dirname, '../../dist/h5'),
    version: require('../../package.json').version,
    ...overrides
  }
}
