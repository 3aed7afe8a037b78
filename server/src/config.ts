import path from 'node:path'
import { z } from 'zod'
import packageJson from '../../package.json'
import { StartRefused } from './errors'

/** Everything the server reads from its environment (names fixed by API.md), read and checked once at start. */
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
  /**
   * Whose `X-Forwarded-For` to believe (Fastify's trustProxy): false unless WUZHA_TRUST_PROXY is set, so
   * a client cannot pick the address that rate limits and lockouts are keyed on.
   */
  trustProxy: boolean | number | string
  production: boolean
  /** Demo mode, asked for with WUZHA_DEMO=1 (`npm start` does): demo data and the WeChat stand-in. */
  demo: boolean
  /** Serve the WeChat `jscode2session` stand-in at /wechat-stand-in: demo mode and tests, never production. */
  wechatStandIn: boolean
  /**
   * The server's public base URL (WUZHA_PUBLIC_URL), from which WeChat fetches uploaded images for its
   * content check (wxa/media_check_async). The check runs exactly when this is set: required in
   * production, the server's own address in demo mode, unset in development and by default in tests.
   */
  publicUrl: string | null
  /** WECHAT_PUSH_TOKEN: the token of WeChat's message push, which signs the content check's results. */
  wechatPushToken: string | null
  /** Days a screenshot is kept after its certification is decided (WUZHA_SCREENSHOT_RETENTION_DAYS, default 30). */
  screenshotRetentionDays: number
  /**
   * Days an expired or revoked session, and an expired or revoked invitation (household, and unused staff
   * ones), are kept before the hourly retention job deletes them (WUZHA_EXPIRED_RETENTION_DAYS, default 30).
   */
  expiredRetentionDays: number
  /** Hours after its last failure that an unlocked login-failure counter is forgotten (WUZHA_LOGIN_FAILURE_TTL_HOURS, default 24). */
  loginFailureTtlHours: number
  /** Directory of the built H5 app to serve at `/`, when present. */
  h5Dir: string | null
  version: string
  logLevel: LogLevel
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/** A variable that is wrong or missing: the start stops with every such message. */
export class ConfigError extends StartRefused {
  constructor(readonly problems: string[]) {
    super(`配置错误，服务未启动：\n${problems.map((problem) => `- ${problem}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

const blankAsMissing = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value)
const optionalText = z.preprocess(blankAsMissing, z.string().trim().optional())

/** A 32-byte key as 64 hex digits or base64 (what `openssl rand -base64 32` prints). */
export function decodeDataKey(value: string): Buffer | null {
  const bytes = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64')
  return bytes.length === 32 ? bytes : null
}

const envSchema = z.object({
  NODE_ENV: optionalText,
  PORT: z.preprocess(
    blankAsMissing,
    z.coerce.number().int('应为整数').min(1, '应在1到65535之间').max(65535, '应在1到65535之间').default(3000)
  ),
  WUZHA_DATA_DIR: optionalText,
  DATABASE_URL: z.preprocess(
    blankAsMissing,
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, '应为 PostgreSQL 连接串，如 postgres://user:pass@host:5432/db')
      .optional()
  ),
  WECHAT_API_BASE: z.preprocess(blankAsMissing, z.url({ protocol: /^https?$/, error: '应为 http(s) 网址' }).optional()),
  WECHAT_APPID: optionalText,
  WECHAT_SECRET: optionalText,
  WUZHA_DATA_KEY: z.preprocess(
    blankAsMissing,
    z
      .string()
      .refine((value) => decodeDataKey(value.trim()) !== null, '应为32字节密钥（64位十六进制或 base64，可用 openssl rand -base64 32 生成）')
      .optional()
  ),
  WUZHA_TRUST_PROXY: optionalText,
  WUZHA_PUBLIC_URL: z.preprocess(blankAsMissing, z.url({ protocol: /^https?$/, error: '应为 http(s) 网址' }).optional()),
  WECHAT_PUSH_TOKEN: z.preprocess(
    blankAsMissing,
    z.string().regex(/^[A-Za-z0-9]{3,32}$/, '应为3到32位字母或数字（与小程序后台消息推送的 Token 一致）').optional()
  ),
  WUZHA_SCREENSHOT_RETENTION_DAYS: z.preprocess(
    blankAsMissing,
    z.coerce.number().int('应为整数').min(1, '应在1到365之间').max(365, '应在1到365之间').default(30)
  ),
  WUZHA_EXPIRED_RETENTION_DAYS: z.preprocess(
    blankAsMissing,
    z.coerce.number().int('应为整数').min(1, '应在1到365之间').max(365, '应在1到365之间').default(30)
  ),
  WUZHA_LOGIN_FAILURE_TTL_HOURS: z.preprocess(
    blankAsMissing,
    z.coerce.number().int('应为整数').min(1, '应在1到720之间').max(720, '应在1到720之间').default(24)
  ),
  WUZHA_DEMO: z.preprocess(blankAsMissing, z.enum(['0', '1'], '应为 1（演示模式）或 0').optional()),
  LOG_LEVEL: z.preprocess(blankAsMissing, z.enum(LOG_LEVELS, `应为 ${LOG_LEVELS.join('、')} 之一`).default('info'))
})

type Env = z.infer<typeof envSchema>

/**
 * WUZHA_TRUST_PROXY: unset, `0` or `false` trusts nobody; `true` every proxy; a number that many hops
 * (`1`: one reverse proxy in front); anything else a comma-separated list of proxy addresses or CIDRs.
 */
export function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '0' || value === 'false') return false
  if (value === 'true') return true
  if (/^\d+$/.test(value)) return Number(value)
  return value
}

/** Rules across variables: production needs its secrets, and demo mode never runs in production. */
function crossChecks(env: Env): string[] {
  const production = env.NODE_ENV === 'production'
  const problems: string[] = []
  if (production && env.WUZHA_DEMO === '1') problems.push('WUZHA_DEMO：演示模式不能在生产环境（NODE_ENV=production）中运行')
  if (production) {
    for (const name of ['WUZHA_DATA_KEY', 'WECHAT_APPID', 'WECHAT_SECRET', 'WUZHA_PUBLIC_URL', 'WECHAT_PUSH_TOKEN'] as const) {
      if (!env[name]) problems.push(`${name}：生产环境（NODE_ENV=production）必须设置`)
    }
  }
  return problems
}

/** Reads the environment; throws ConfigError naming every variable that is wrong or missing. */
export function readConfig(source: NodeJS.ProcessEnv, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const parsed = envSchema.safeParse(source)
  if (!parsed.success) {
    // Values are not echoed: the key, the WeChat secret and a database URL's password are among them.
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}：${issue.message}`))
  }
  const env = parsed.data
  const problems = crossChecks(env)
  if (problems.length > 0) throw new ConfigError(problems)

  const production = env.NODE_ENV === 'production'
  const demo = env.WUZHA_DEMO === '1'
  return {
    port: env.PORT,
    dataDir: path.resolve(env.WUZHA_DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL ?? null,
    wechatApiBase: env.WECHAT_API_BASE ?? (demo ? `http://127.0.0.1:${env.PORT}/wechat-stand-in` : 'https://api.weixin.qq.com'),
    wechatAppId: env.WECHAT_APPID ?? (demo ? 'wx-demo-appid' : ''),
    wechatSecret: env.WECHAT_SECRET ?? (demo ? 'wx-demo-secret' : ''),
    dataKey: env.WUZHA_DATA_KEY ?? null,
    trustProxy: parseTrustProxy(env.WUZHA_TRUST_PROXY),
    production,
    demo,
    wechatStandIn: demo,
    publicUrl: (env.WUZHA_PUBLIC_URL ?? (demo ? `http://127.0.0.1:${env.PORT}` : null))?.replace(/\/+$/, '') ?? null,
    wechatPushToken: env.WECHAT_PUSH_TOKEN ?? (demo ? 'wxDemoPushToken' : null),
    screenshotRetentionDays: env.WUZHA_SCREENSHOT_RETENTION_DAYS,
    expiredRetentionDays: env.WUZHA_EXPIRED_RETENTION_DAYS,
    loginFailureTtlHours: env.WUZHA_LOGIN_FAILURE_TTL_HOURS,
    h5Dir: path.resolve(__dirname, '../../dist/h5'),
    version: packageJson.version,
    logLevel: env.LOG_LEVEL,
    ...overrides
  }
}
