import fs from 'node:fs'
import path from 'node:path'
import { DIST } from './harness'

function scripts(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return scripts(full)
    return entry.name.endsWith('.js') ? [full] : []
  })
}

/**
 * The H5 build's service worker must never reach the mini-program, whose code is on the phone already
 * and which has no `navigator`: src/services/serviceWorker.ts is guarded by TARO_ENV, which the build
 * replaces, so the weapp bundle keeps no trace of it.
 */
test('the compiled mini-program registers no service worker', () => {
  const files = scripts(DIST)
  expect(files).toContain(path.join(DIST, 'app.js'))
  const found = files.filter((file) => /serviceWorker|sw\.js/.test(fs.readFileSync(file, 'utf8')))
  expect(found.map((file) => path.relative(DIST, file))).toEqual([])
})
