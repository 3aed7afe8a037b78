import fs from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

/** Debian's Chromium, never a downloaded browser; flags verified on these machines (TESTING.md). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM_PATH)
}

export async function launchChromium(): Promise<Browser> {
  // Playwright gives every launch a fresh temporary profile (it refuses --user-data-dir in args).
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
}

/** Outside CI the journey needs a browser the machine may lack; in CI (REQUIRE_CHROMIUM=1) it must run. */
export function describeWithChromium(name: string, fn: () => void): void {
  if (chromiumAvailable() || process.env.REQUIRE_CHROMIUM === '1') describe(name, fn)
  else describe.skip(`${name} (Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium)`, fn)
}
