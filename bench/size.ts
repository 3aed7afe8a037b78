import fs from 'node:fs'
import path from 'node:path'
import { fmt, markdownTable, type BenchSection, printSection } from './lib/stats'

/**
 * Sizes of the production weapp build in dist/weapp, read-only (this never builds): the main package
 * and each subpackage against WeChat's 2,048 KB cap per package. Build first with `npm run build:weapp`.
 *
 *   npx tsx bench/size.ts
 */

export const WEAPP_DIR = path.resolve(__dirname, '../dist/weapp')
export const PACKAGE_CAP_KB = 2048
/** Our own budgets (issue #10), far under WeChat's cap so a slow phone on a weak signal opens the app quickly. */
export const MAIN_PACKAGE_BUDGET_KB = 800
export const SUBPACKAGE_BUDGET_KB = 400

/** A package's budget: the main package's, or every subpackage's. */
export function budgetKb(pkg: { root: string }): number {
  return pkg.root === '/' ? MAIN_PACKAGE_BUDGET_KB : SUBPACKAGE_BUDGET_KB
}

interface PackageSize {
  name: string
  root: string
  files: number
  bytes: number
  byKind: Record<string, number>
  largest: Array<{ file: string; bytes: number }>
}

interface AppJson {
  subPackages?: Array<{ root: string; independent?: boolean }>
  subpackages?: Array<{ root: string; independent?: boolean }>
}

function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? listFiles(full) : [full]
  })
}

function kindOf(file: string): string {
  if (file.endsWith('.LICENSE.txt')) return 'license'
  const ext = path.extname(file).slice(1)
  return ['js', 'wxss', 'wxml', 'json', 'wxs'].includes(ext) ? ext : 'other'
}

export function measureWeapp(dir: string = WEAPP_DIR): { packages: PackageSize[]; builtAt: Date } | null {
  const appJsonPath = path.join(dir, 'app.json')
  if (!fs.existsSync(appJsonPath)) return null
  const appJson = JSON.parse(fs.readFileSync(appJsonPath, 'utf8')) as AppJson
  const roots = (appJson.subPackages ?? appJson.subpackages ?? []).map((sub) => sub.root.replace(/\/+$/, ''))
  const packages = new Map<string, PackageSize>()
  const packageOf = (relative: string) => roots.find((root) => relative === root || relative.startsWith(`${root}/`)) ?? ''
  for (const root of ['', ...roots]) {
    packages.set(root, { name: root ? `subpackage ${root}` : 'main package', root: root || '/', files: 0, bytes: 0, byKind: {}, largest: [] })
  }
  for (const file of listFiles(dir)) {
    const relative = path.relative(dir, file).split(path.sep).join('/')
    const bytes = fs.statSync(file).size
    const pkg = packages.get(packageOf(relative))!
    pkg.files += 1
    pkg.bytes += bytes
    const kind = kindOf(relative)
    pkg.byKind[kind] = (pkg.byKind[kind] ?? 0) + bytes
    pkg.largest.push({ file: relative, bytes })
  }
  for (const pkg of packages.values()) pkg.largest = pkg.largest.sort((a, b) => b.bytes - a.bytes).slice(0, 4)
  return { packages: [...packages.values()], builtAt: fs.statSync(appJsonPath).mtime }
}

const kb = (bytes: number) => fmt(bytes / 1024, 1)

export function sizeMarkdown(result: ReturnType<typeof measureWeapp>): string {
  if (!result) {
    return `No production weapp build at \`dist/weapp\` (no app.json): nothing measured. Build with \`npm run build:weapp\`, then run \`npx tsx bench/size.ts\`.`
  }
  const kinds = ['js', 'wxss', 'wxml', 'json', 'wxs', 'license', 'other']
  const rows = result.packages.map((p) => [
    p.name,
    fmt(p.files),
    `**${kb(p.bytes)}**`,
    `${((p.bytes / 1024 / PACKAGE_CAP_KB) * 100).toFixed(1)}%`,
    `${fmt(budgetKb(p))}`,
    kinds.filter((k) => p.byKind[k]).map((k) => `${k} ${kb(p.byKind[k])}`).join(', '),
    p.largest.map((f) => `${f.file} ${kb(f.bytes)}`).join(', ')
  ])
  const total = result.packages.reduce((sum, p) => sum + p.bytes, 0)
  return [
    `Build in \`dist/weapp\` dated ${result.builtAt.toISOString()} (app.json mtime); sizes are file sizes in KB (1,024 bytes),`,
    'as found on disk (the `*.LICENSE.txt` files webpack emits are listed apart; they are part of the upload unless ignored).',
    '',
    markdownTable(['package', 'files', 'KB', `of the ${fmt(PACKAGE_CAP_KB)} KB cap`, 'budget (KB)', 'by kind (KB)', 'largest files (KB)'], rows),
    '',
    `Whole app: ${kb(total)} KB.`
  ].join('\n')
}

export async function run(): Promise<BenchSection> {
  const started = Date.now()
  return { title: 'Mini-program package sizes', markdown: sizeMarkdown(measureWeapp()), seconds: (Date.now() - started) / 1000 }
}

if (require.main === module) printSection(run)
