import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'

/**
 * Hardening headers on every answer (@fastify/helmet), with a Content-Security-Policy the H5 app runs
 * under: scripts only from this origin plus the one inline script Taro writes into index.html (allowed
 * by its hash, read from the build, never by 'unsafe-inline'); styles may be inline because Taro's web
 * components and React set style attributes at run time; images and fonts may be data: URIs (NutUI's
 * icons). The Chromium tests load the app under this policy and fail on any violation.
 */
async function helmetPlugin(app: FastifyInstance) {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...inlineScriptHashes(app.config.h5Dir)],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        // blob: for the resident's screenshot: Taro's H5 uploadFile reads the chosen file back from its blob: URL.
        connectSrc: ["'self'", 'blob:'],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"]
      }
    },
    // The H5 app needs no cross-origin isolation, and WeChat's web-view may embed its images.
    crossOriginEmbedderPolicy: false
  })
}

/** 'sha256-…' sources for the inline scripts of the built index.html; none when the app is not built. */
export function inlineScriptHashes(h5Dir: string | null): string[] {
  const index = h5Dir ? path.join(h5Dir, 'index.html') : null
  if (!index || !fs.existsSync(index)) return []
  const html = fs.readFileSync(index, 'utf8')
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
    ([, body]) => `'sha256-${crypto.createHash('sha256').update(body).digest('base64')}'`
  )
}

export default fp(helmetPlugin, { name: 'helmet', dependencies: ['env'] })
