import fp from 'fastify-plugin'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import type { z } from 'zod'
import { toFieldErrors } from '../../../../src/core/validation'
import { AppError, validationFailed } from '../../errors'

/**
 * Every error leaves as API.md's `{error: {code, message, details}}` with a Chinese message.
 * Anything unexpected is logged and answered 500 without internals: a 5xx is always a bug to fix.
 */
async function errorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) return reply.status(error.statusCode).send(error.toBody())
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map(toZodIssue)
      return reply.status(400).send(validationFailed(toFieldErrors(issues)).toBody())
    }
    const known = knownFrameworkError(error)
    if (known) return reply.status(known.statusCode).send(known.toBody())
    request.log.error({ err: error }, 'unhandled error')
    return reply.status(500).send({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试', details: [] } })
  })

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(new AppError('NOT_FOUND', `接口不存在：${request.method} ${request.url.split('?')[0]}`).toBody())
  })
}

/**
 * Errors Fastify's router raises before any handler runs (Fastify's `frameworkErrors` option), in API
 * form: a URL with broken percent-encoding, and a path segment longer than any id or region code.
 */
export function answerRoutingError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const answer =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new AppError('NOT_FOUND', '记录不存在或无权查看')
      : new AppError('VALIDATION_FAILED', '网址格式不正确')
  void reply.status(answer.statusCode).send(answer.toBody())
}

/** fastify-type-provider-zod 7 spreads each zod issue into Fastify's validation shape; this undoes that. */
function toZodIssue(validation: FastifySchemaValidationError): z.core.$ZodIssue {
  const path = validation.instancePath.split('/').filter((key) => key !== '')
  return { ...validation.params, code: validation.keyword, message: validation.message ?? '', path } as unknown as z.core.$ZodIssue
}

/** Fastify's own 4xx errors (bad JSON, wrong content type, body too large, rate limit) in API form. */
function knownFrameworkError(error: FastifyError): AppError | null {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型，请使用 application/json')
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('TOO_LARGE', '请求内容太大')
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('VALIDATION_FAILED', '请求内容不是有效的 JSON')
  }
  if (error.statusCode === 429) return new AppError('RATE_LIMITED', '操作太频繁，请稍后再试')
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError('VALIDATION_FAILED', '请求无效')
  }
  return null
}

export default fp(errorHandler, { name: 'error-handler' })
