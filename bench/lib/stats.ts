import { performance } from 'node:perf_hooks'

/** Median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: ReadonlyArray<number>): number {
  if (values.length === 0) throw new Error('median of nothing')
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Milliseconds an async step took, with its result. */
export async function timed<T>(step: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now()
  const result = await step()
  return { ms: performance.now() - start, result }
}

/** Samples of one measured thing: its median and spread, in its own unit. */
export interface Samples {
  values: number[]
  median: number
  min: number
  max: number
}

export function samples(values: ReadonlyArray<number>): Samples {
  return { values: [...values], median: median(values), min: Math.min(...values), max: Math.max(...values) }
}

export function fmt(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

/** 1.0–9.9 with one decimal, otherwise whole: enough for a latency in ms or a rate. */
export function fmtAuto(value: number): string {
  return value < 10 ? fmt(value, 2) : value < 100 ? fmt(value, 1) : fmt(value)
}

export function fmtRatio(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)}×`
}

/** `median (min–max)` */
export function fmtSamples(s: Samples): string {
  return `${fmtAuto(s.median)} (${fmtAuto(s.min)}–${fmtAuto(s.max)})`
}

/** A markdown table from a header row and body rows. */
export function markdownTable(header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const line = (cells: ReadonlyArray<string>) => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

/** What every bench script hands back: markdown for docs/benchmarks.md and a console summary. */
export interface BenchSection {
  title: string
  /** Markdown body (method, tables, notes) under the section title. */
  markdown: string
  seconds: number
}

export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`)
}

/**
 * Runs one benchmark as a script (`npx tsx bench/<name>.ts`): prints its section as bench/all.ts would
 * write it into docs/benchmarks.md, or the error with a non-zero exit.
 */
export function printSection(run: () => Promise<BenchSection>): void {
  run()
    .then((section) => console.log(`## ${section.title}\n\n${section.markdown}\n\n_(${section.seconds.toFixed(1)} s)_`))
    .catch((error) => {
      console.error(error)
      process.exitCode = 1
    })
}
