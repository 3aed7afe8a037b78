/**
 * Runs the compiled mini-program (dist/weapp, from `npm run build:weapp`) in miniprogram-simulate.
 *
 * miniprogram-simulate only knows custom components, and Taro emits `Page(...)` plus an `App(...)` whose
 * runtime the page chunks need. So: define the App-level globals, run app.js once and launch it, turn
 * every `Page(options)` into a `Component` with the same data and methods, then load, render and attach
 * a page and call its lifecycle the way WeChat would. `wx` is miniprogram-simulate's mock; the test
 * answers `wx.request` itself (as the server would) and spies on navigation.
 */
import fs from 'fs'
import path from 'path'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate')
// eslint-disable-next-line @typescript-eslint/no-require-imports
const exparser = require('miniprogram-exparser')

export const DIST = path.resolve(__dirname, '../../dist/weapp')

type Wx = Record<string, any>
const g = globalThis as any
export const wx: Wx = g.wx

export interface RecordedRequest {
  method: string
  url: string
  /** Path after the host, without the query, e.g. `/api/v1/households`. */
  path: string
  query: Record<string, string>
  data: any
  header: Record<string, string>
}

export type RequestAnswer = { status?: number; data?: unknown } | 'network-error'
export type RequestHandler = (request: RecordedRequest) => RequestAnswer | Promise<RequestAnswer>

/** Every request the app made, in order. */
export const requests: RecordedRequest[] = []

// ---------------------------------------------------------------- storage

const storage = new Map<string, unknown>()

/** wx storage, in memory (the simulate mock stores nothing). Installed before the app runs. */
function installStorage(initial: Record<string, unknown>) {
  storage.clear()
  for (const [key, value] of Object.entries(initial)) storage.set(key, value)
  jest.spyOn(wx, 'getStorageSync').mockImplementation((key: any) => (storage.has(key) ? storage.get(key) : ''))
  jest.spyOn(wx, 'setStorageSync').mockImplementation((key: any, value: any) => {
    storage.set(key, value)
  })
  jest.spyOn(wx, 'removeStorageSync').mockImplementation((key: any) => {
    storage.delete(key)
  })
  jest.spyOn(wx, 'clearStorageSync').mockImplementation(() => storage.clear())
}

/** What the app stored under `key`, parsed when it is JSON. */
export function stored(key: string): any {
  const value = storage.get(key)
  if (typeof value !== 'string') return value
  try {
    return JSON.parse(value)
  } catch {
    return value
  }
}

// ---------------------------------------------------------------- requests

/** Answers the app's `wx.request` calls with `handler`, like the server would. */
export function answerRequests(handler: RequestHandler) {
  return jest.spyOn(wx, 'request').mockImplementation((options: any) => {
    const url = new URL(options.url)
    const request: RecordedRequest = {
      method: (options.method ?? 'GET').toUpperCase(),
      url: options.url,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams.entries()),
      data: typeof options.data === 'string' ? JSON.parse(options.data) : options.data,
      header: options.header ?? {}
    }
    requests.push(request)
    let aborted = false
    Promise.resolve()
      .then(() => handler(request))
      .then((answer) => {
        if (aborted) return
        if (answer === 'network-error') {
          const error = { errMsg: 'request:fail net::ERR_INTERNET_DISCONNECTED' }
          options.fail?.(error)
          options.complete?.(error)
          return
        }
        const res = { errMsg: 'request:ok', statusCode: answer.status ?? 200, data: answer.data ?? '', header: {}, cookies: [] }
        options.success?.(res)
        options.complete?.(res)
      })
      .catch((error) => {
        // A handler that throws is a test bug: fail loudly, never hang.
        console.error(error)
        options.fail?.({ errMsg: `request:fail ${String(error)}` })
      })
    return { abort: () => (aborted = true), onHeadersReceived() {}, offHeadersReceived() {}, onChunkReceived() {}, offChunkReceived() {} }
  })
}

/** A JSON error body as API.md defines it. */
export function apiError(status: number, code: string, message: string, details: unknown[] = []): RequestAnswer {
  return { status, data: { error: { code, message, details } } }
}

// ---------------------------------------------------------------- app

let launched = false
let appInstance: any = null
const pageStack: any[] = []

export interface LaunchOptions {
  /** wx storage before the app starts, e.g. a signed-in session. */
  storage?: Record<string, unknown>
}

/** Runs dist/weapp/app.js once per test file and launches it. */
export function launchApp(options: LaunchOptions = {}) {
  if (launched) throw new Error('launchApp() runs once per test file')
  if (!fs.existsSync(path.join(DIST, 'app.js'))) throw new Error('dist/weapp is missing: run `npm run build:weapp` first')
  launched = true
  installStorage(options.storage ?? {})
  // Until a test answers requests, any request fails like a phone without signal.
  answerRequests(() => 'network-error')

  g.App = (config: any) => {
    appInstance = config
  }
  g.getApp = () => appInstance
  g.getCurrentPages = () => pageStack.slice()
  g.requirePlugin = () => ({})
  // A Taro page is a Page(); miniprogram-simulate renders Components: same data, same methods.
  g.Page = (config: any) => {
    const methods: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(config)) {
      if (typeof value === 'function') methods[key] = value
    }
    g.Component({ data: config.data ?? {}, methods })
  }

  return startApp()
}

/**
 * WeChat kills the app (it was sent to the background first) and the worker opens it again: every page
 * and all the app's module state are gone — the built modules are loaded afresh — and storage stays.
 * Call after unloading the pages the test opened.
 */
export function relaunchApp() {
  if (!launched) throw new Error('call launchApp() first')
  appInstance?.onHide?.()
  pageStack.length = 0
  loadedPages.clear()
  appInstance = null
  // The built chunks register themselves on `wx`; a new JS context starts without them.
  delete wx.webpackJsonp
  jest.resetModules()
  return startApp()
}

function startApp() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(path.join(DIST, 'app.js'))
  if (!appInstance) throw new Error('app.js did not call App()')
  appInstance.onLaunch?.({ path: 'pages/login/index', query: {}, scene: 1001 })
  appInstance.onShow?.({ path: 'pages/login/index', query: {}, scene: 1001 })
  return appInstance
}

// ---------------------------------------------------------------- pages

const loadedPages = new Map<string, string>()
let querySerial = 0

export interface LoadedPage {
  component: any
  instance: any
  /** The rendered tree as jsdom sees it. */
  root: HTMLElement
  text(): string
  unload(): void
}

/**
 * Loads, renders and attaches a page (e.g. `pages/login/index`) and runs onLoad(query), onShow and
 * onReady. Each call gets a distinct query, since Taro derives the page instance's path from the time.
 */
export function openPage(pagePath: string, query: Record<string, string> = {}): LoadedPage {
  if (!launched) throw new Error('call launchApp() first')
  let id = loadedPages.get(pagePath)
  if (!id) {
    id = simulate.load(path.join(DIST, pagePath), 'page', { compiler: 'official', rootPath: DIST }) as string
    loadedPages.set(pagePath, id)
  }
  const component = simulate.render(id)
  const parent = document.createElement('parent-wrapper')
  document.body.appendChild(parent)
  component.attach(parent)
  const instance = component.instance
  instance.route = pagePath
  pageStack.push(instance)
  // Never a second argument: Taro would take it for a prerender callback.
  instance.onLoad({ ...query, __serial: String(++querySerial) })
  instance.onShow()
  instance.onReady()
  return {
    component,
    instance,
    root: component.dom as HTMLElement,
    text: () => normalizeText(component.dom.textContent ?? ''),
    unload() {
      instance.onUnload?.()
      pageStack.splice(pageStack.indexOf(instance), 1)
      component.detach()
      parent.remove()
    }
  }
}

/** The sign-in page switched to 账号密码登录 (the H5 way, also offered on weapp), ready to type. */
export async function openPasswordLogin(): Promise<LoadedPage> {
  const page = openPage('pages/login/index')
  await waitForText(page, '账号密码登录')
  tap(findByText(page, '账号密码登录'))
  await waitFor(() => findByText(page, '登录'))
  return page
}

function normalizeText(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

// ---------------------------------------------------------------- DOM

/** Taro prefixes class names with the component's tag (`page--x`, `comp--x`): match any of them. */
export function findAll(page: LoadedPage, className: string): HTMLElement[] {
  return Array.from(page.root.querySelectorAll<HTMLElement>('*')).filter((el) =>
    (el.getAttribute('class') ?? '').split(/\s+/).some((name) => name === className || name.endsWith(`--${className}`))
  )
}

export function find(page: LoadedPage, className: string): HTMLElement {
  const [el] = findAll(page, className)
  if (!el) throw new Error(`no element with class ${className} in: ${page.text().slice(0, 500)}`)
  return el
}

/** The innermost element whose own text is exactly `text` (a button label, a link). */
export function findByText(page: LoadedPage, text: string): HTMLElement {
  const matches = Array.from(page.root.querySelectorAll<HTMLElement>('*')).filter(
    (el) => normalizeText(el.textContent ?? '') === text
  )
  const el = matches[matches.length - 1]
  if (!el) throw new Error(`no element with text "${text}" in: ${page.text().slice(0, 500)}`)
  return el
}

/** Fires a mini-program event (tap, input, change…) on an element, as the WeChat renderer would. */
export function fire(el: HTMLElement, eventName: string, detail: Record<string, unknown> = {}) {
  const target = (el as any).__wxElement
  if (!target) throw new Error(`not a rendered mini-program element: ${el.outerHTML.slice(0, 200)}`)
  exparser.Event.dispatchEvent(
    target,
    exparser.Event.create(eventName, detail, { bubbles: true, composed: true, capturePhase: true, extraFields: { touches: {}, changedTouches: {} } })
  )
}

export function tap(el: HTMLElement) {
  fire(el, 'tap', { x: 0, y: 0 })
}

/** Types into the native `<input>` inside `el` (or `el` itself). */
export function type(el: HTMLElement, value: string) {
  const input = el.tagName.toLowerCase().includes('input') ? el : (el.querySelector<HTMLElement>('wx-input') ?? el)
  fire(input, 'input', { value, cursor: value.length, keyCode: 0 })
}

/**
 * What a native `<input>` (inside `el`, or `el` itself) shows. The simulator's input keeps no value of its
 * own, so it is read where Taro puts it: the page's render data, under the key base.wxml binds to `value`.
 */
export function inputValue(page: LoadedPage, el: HTMLElement): unknown {
  const input = el.tagName.toLowerCase().includes('input') ? el : el.querySelector<HTMLElement>('wx-input')
  const sid = input?.getAttribute('data-sid')
  if (!sid) throw new Error(`no rendered input in ${el.outerHTML.slice(0, 200)}`)
  const key = /<input value="\{\{i\.(\w+)\}\}"/.exec(fs.readFileSync(path.join(DIST, 'base.wxml'), 'utf8'))?.[1]
  if (!key) throw new Error('base.wxml binds no value of <input>')
  const nodeOf = (data: unknown): Record<string, unknown> | null => {
    if (!data || typeof data !== 'object') return null
    if ((data as Record<string, unknown>).sid === sid) return data as Record<string, unknown>
    for (const child of Object.values(data)) {
      const found = nodeOf(child)
      if (found) return found
    }
    return null
  }
  const node = nodeOf(page.instance.data)
  if (!node) throw new Error(`input ${sid} is not in the page's data`)
  return node[key]
}

// ---------------------------------------------------------------- waiting

/** Polls until `check` stops throwing (or returns a truthy value); fails with the last error. */
export async function waitFor<T>(
  check: () => T,
  { timeout = 3000, interval = 20 } = {}
): Promise<Exclude<T, false | null | undefined>> {
  const start = Date.now()
  let lastError: unknown
  for (;;) {
    try {
      const value = check()
      if (value !== false && value !== undefined && value !== null) return value as Exclude<T, false | null | undefined>
      lastError = new Error('condition was falsy')
    } catch (error) {
      lastError = error
    }
    if (Date.now() - start > timeout) throw lastError
    await new Promise((resolve) => setTimeout(resolve, interval))
  }
}

export function waitForText(page: LoadedPage, text: string, options?: { timeout?: number }) {
  return waitFor(() => {
    if (!page.text().includes(text)) throw new Error(`"${text}" not on the page: ${page.text().slice(0, 800)}`)
    return true
  }, options)
}

/** Lets the page render what was typed before the next tap reads it. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 100))
}

/** The native picker around an element the page drew inside it. */
export function pickerAround(el: HTMLElement): HTMLElement {
  let current: HTMLElement | null = el
  while (current && !current.tagName.toLowerCase().includes('picker')) current = current.parentElement
  if (!current) throw new Error('no picker around the element')
  return current
}
