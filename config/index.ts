import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import CompressionPlugin from 'compression-webpack-plugin'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'
import zlib from 'node:zlib'
import { GenerateSW } from 'workbox-webpack-plugin'
import devConfig from './dev'
import prodConfig from './prod'

const platform = process.env.TARO_ENV ?? 'weapp'

/**
 * Where the app finds the API. H5 is served by the API server itself, so it uses the same origin;
 * the mini-program needs an absolute URL (WeChat DevTools: tick 不校验合法域名 for localhost).
 */
const apiBase = process.env.WUZHA_API_BASE ?? (platform === 'h5' ? '' : 'http://127.0.0.1:3000')

/**
 * The H5 build's service worker (Workbox GenerateSW; registered by src/services/serviceWorker.ts):
 * it precaches every file of the build — index.html, every page's JS and CSS chunk, and any font or
 * image file (NutUI's icons are inlined today) — so a worker's phone opens any page with no signal, even one never opened online, and a
 * reload without signal falls back to the precached index.html. It has no runtime caching at all: a
 * request outside the precache, /api/ above all, goes to the network untouched, because API answers
 * hold personal data that must not sit in Cache Storage (the app's outbox and grid copy do offline).
 * A new deployment takes over at once (skipWaiting + clientsClaim), see README "Offline behaviour".
 */
const serviceWorkerOptions: ConstructorParameters<typeof GenerateSW>[0] = {
  swDest: 'sw.js',
  // One script, served with Cache-Control: no-cache, instead of sw.js plus a workbox-<hash>.js runtime.
  inlineWorkboxRuntime: true,
  sourcemap: false,
  skipWaiting: true,
  clientsClaim: true,
  cleanupOutdatedCaches: true,
  navigateFallback: '/index.html',
  // /api/docs (Swagger UI) and any other server page are not the app.
  navigateFallbackDenylist: [/^\/api\//],
  // Chunk names carry their content hash already; only index.html and unhashed files need revisions.
  dontCacheBustURLsMatching: /\.[0-9a-f]{8,}\./,
  // The .br and .gz twins are the same files compressed for the wire, not more files for the cache.
  exclude: [/\.map$/, /\.LICENSE\.txt$/, /\.(br|gz)$/],
  // Workbox leaves out, with a mere warning, any file over its 2 MB default, and that page would then
  // not open offline; the limit stays well above the largest chunk (about 380 KB), and
  // test/e2e/serviceWorker.test.ts fails if any file of the build is not precached.
  maximumFileSizeToCacheInBytes: 8 * 1024 * 1024
}

/**
 * Every text file of the H5 build also written brotli- and gzip-compressed next to itself, which the
 * server sends to browsers that accept them (@fastify/static `preCompressed`): a village's slow mobile
 * network downloads about a third of the bytes on the first visit, and nothing is compressed per
 * request. Compressed at the highest levels, since it happens once per build.
 */
const TEXT_FILES = /\.(js|css|html|svg|json)$/
const compressionPlugins: Array<[string, ConstructorParameters<typeof CompressionPlugin>[0]]> = [
  ['compress-br', { test: TEXT_FILES, algorithm: 'brotliCompress', filename: '[path][base].br', compressionOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }, threshold: 1024, minRatio: 0.9 }],
  ['compress-gz', { test: TEXT_FILES, algorithm: 'gzip', filename: '[path][base].gz', compressionOptions: { level: 9 }, threshold: 1024, minRatio: 0.9 }]
]

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'wuzha-community',
    date: '2026-11-27',
    designWidth: 375,
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2
    },
    sourceRoot: 'src',
    // One folder per platform so the weapp and H5 builds can live side by side.
    outputRoot: `dist/${platform}`,
    plugins: [],
    defineConstants: {
      API_BASE: JSON.stringify(apiBase)
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: { selectorBlackList: ['nut-'] } },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } }
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
      }
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js'
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css'
      },
      postcss: {
        pxtransform: { enable: true, config: { selectorBlackList: ['nut-'] } },
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } }
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
        // Watch builds would re-precache on every change and fight the developer's reloads.
        if (process.env.NODE_ENV !== 'development') {
          chain.plugin('service-worker').use(GenerateSW, [serviceWorkerOptions])
          for (const [name, options] of compressionPlugins) chain.plugin(name).use(CompressionPlugin, [options])
        }
      }
    }
  }

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})
