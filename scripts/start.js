#!/usr/bin/env node
/**
 * `npm start`: demo mode (WUZHA_DEMO=1) on a fresh clone. Builds the H5 app when it is missing (or when asked with
 * --rebuild), then runs the API server, which serves the H5 app and /api on one port, creates the
 * SQLite database and the demo data on first run, and prints the demo accounts.
 */
const { spawn, spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const root = path.resolve(__dirname, '..')
const h5Index = path.join(root, 'dist', 'h5', 'index.html')

function buildH5() {
  console.log('正在构建 H5 应用（首次启动约需一分钟）…')
  const result = spawnSync(process.execPath, [require.resolve('@tarojs/cli/bin/taro'), 'build', '--type', 'h5'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' }
  })
  if (result.status !== 0) {
    console.error('H5 构建失败，请查看上面的错误信息。')
    process.exit(result.status ?? 1)
  }
}

if (process.argv.includes('--rebuild') || !fs.existsSync(h5Index)) buildH5()

// Demo mode is asked for here and only here: `npm run serve` and any other start run without it.
const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server', 'src', 'main.ts')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, WUZHA_DEMO: '1' }
})
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
server.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)))
