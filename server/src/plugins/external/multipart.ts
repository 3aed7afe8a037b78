import fp from 'fastify-plugin'
import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AppError } from '../../errors'

/** The largest upload any route takes (a roster .xlsx); routes check their own, smaller limits. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024

/**
 * multipart/form-data for uploads (wx.uploadFile and browsers send it). A body that calls itself
 * multipart but has no boundary is refused before any handler reads it: busboy would otherwise throw
 * a plain error mid-handler, which would be answered 500.
 */
async function multipartPlugin(app: FastifyInstance) {
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 11 } })
  app.addHook('preValidation', async (request) => {
    if (request.isMultipart() && !hasBoundary(request.headers['content-type'])) {
      throw new AppError('VALIDATION_FAILED', '上传内容格式不正确（multipart 缺少 boundary）')
    }
  })
}

function hasBoundary(contentType: string | undefined): boolean {
  return /;\s*boundary=("[^"]+"|[^\s;]+)/i.test(contentType ?? '')
}

export default fp(multipartPlugin, { name: 'multipart' })

/**
 * The one file of a multipart upload, read whole; null when the request carries no file part. A file
 * over `maxBytes` answers 413 with the route's own message; a body that breaks off or is otherwise not
 * valid multipart is the client's fault and answers 400, never 500.
 */
export async function readUploadedFile(request: FastifyRequest, limits: { maxBytes: number; tooLarge: string }): Promise<Buffer | null> {
  try {
    const part = await request.file({ limits: { fileSize: limits.maxBytes } })
    return part ? await part.toBuffer() : null
  } catch (error) {
    if (error instanceof request.server.multipartErrors.RequestFileTooLargeError) throw new AppError('TOO_LARGE', limits.tooLarge)
    if (error instanceof AppError) throw error
    throw new AppError('VALIDATION_FAILED', '上传内容不完整或格式不正确，请重新选择文件上传')
  }
}
