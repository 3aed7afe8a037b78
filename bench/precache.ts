import fs from 'node:fs'
import path from 'node:path'
import { fmt, markdownTable, type BenchSection } from './lib/stats'

/**
 * What the H5 build's service worker precaches — what a phone downloads on its first online visit
 * so that every page opens without signal — read from the production build in dist/h5 (this never
 * builds; run `npm run build:h5` first): the manifest Workbox wrote into sw.js, each file's size on
 * disk, and any file of the build left out of it (which would break that page offline).
 *
 *   npx tsx bench/precache.ts
 */

export const H5_DIR = path.resolve(__dirname, '../dist/h5')

export interface PrecacheSize {
  files: number
  bytes: number
  byKind: Record<string, { files: number; bytes: number }>
  largest: Array<{ url: string; bytes: number }>
  /** Files of the build a browser may fetch that the manifest does not list. */
  missing: string[]
  swBytes: number
  builtAt: Date
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? listFiles(full) : [full]
  })
}

export function measurePrecache(dir: string = H5_DIR): PrecacheSize | null {
  const swPath = path.join(dir, 'sw.js')
  if (!fs.existsSync(swPath)) return null
  const sw = fs.readFileSync(swPath, 'utf8')
  // Workbox writes the manifest as a literal array of {url, revision} objects (minified: {url:"/js/…",revision:null}).
  const urls = [...sw.matchAll(/\{\s*"?url"?\s*:\s*"([^"]+)"\s*,\s*"?revision"?/g)].map(([, url]) => url)
  const byKind: PrecacheSize['byKind'] = {}
  const sizes = urls.map((url) => {
    const bytes = fs.statSync(path.join(dir, url)).size
    const kind = path.extname(url).slice(1) || 'other'
    byKind[kind] = { files: (byKind[kind]?.files ?? 0) + 1, bytes: (byKind[kind]?.bytes ?? 0) + bytes }
    return { url, bytes }
  })
  const listed = new Set(urls)
  const missing = listFiles(dir)
    .map((file) => `/${path.relative(dir, file).split(path.sep).join('/')}`)
    .filter((url) => url !== '/sw.js' && !url.endsWith('.LICENSE.txt') && !url.endsWith('.map') && !listed.has(url))
  return {
    files: urls.length,
    bytes: sizes.reduce((sum, entry) => sum + entry.bytes, 0),
    byKind,
    largest: sizes.sort((a, b) => b.bytes - a.bytes).slice(0, 4),
    missing,
    swBytes: Buffer.byteLength(sw),
    builtAt: fs.statSync(swPath).mtime
  }
}

const kb = (bytes: number) => fmt(bytes / 1024, 1)

export function precacheMarkdown(result: PrecacheSize | null): string {
  if (!result) {
    return 'No production H5 build at `dist/h5` (no sw.js): nothing measured. Build with `npm run build:h5`, then run `npx tsx bench/precache.ts`.'
  }
  const rows = Object.entries(result.byKind)
    .sort(([, a], [, b]) => b.bytes - a.bytes)
    .map(([kind, entry]) => [kind, fmt(entry.files), kb(entry.bytes)])
  return [
    `Build in \`dist/h5\` dated ${result.builtAt.toISOString()} (sw.js mtime). The service worker precaches`,
    `**${fmt(result.files)} files, ${kb(result.bytes)} KB (${fmt(result.bytes)} bytes)** — downloaded once on the first online visit,`,
    'then only changed files per deployment (chunk names carry their content hash); the server sends them uncompressed.',
    `The service worker script itself is ${kb(result.swBytes)} KB. Sizes in KB of 1,024 bytes, as on disk.`,
    '',
    markdownTable(['kind', 'files', 'KB'], rows),
    '',
    `Largest: ${result.largest.map((entry) => `${entry.url} ${kb(entry.bytes)}`).join(', ')}.`,
    '',
    result.missing.length === 0
      ? 'Every file of the build is precached (webpack\'s `*.LICENSE.txt` notes and sw.js itself aside).'
      : `**Not precached** (these pages would not open offline): ${result.missing.join(', ')}.`
  ].join('\n')
}

export async function run(): Promise<BenchSection> {
  const started = Date.now()
  return { title: 'H5 service worker precache', markdown: precacheMarkdown(measurePrecache()), seconds: (Date.now() - started) / 1000 }
}

if (require.main === module) {
  void run().then((section) => console.log(`## ${section.title}\n\n${section.markdown}`))
}
