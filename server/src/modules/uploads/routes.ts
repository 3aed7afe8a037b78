import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { staffOf } from '../../plugins/app/authorization'
import { readUploadedFile } from '../../plugins/external/multipart'
import { AppError, forbidden, notFound } from '../../errors'
import { residentOf } from '../certifications/resident'
import { MAX_IMAGE_BYTES, UPLOADS_PER_DAY } from './service'
import { contentLinkValid, pushSignatureValid } from './contentCheck'

const STAFF = { roles: ['admin', 'official', 'village_admin', 'grid_worker'] } as const
/** WeChat's message push signs its query: signature = sha1(sorted token, timestamp, nonce). */
const pushQuerySchema = z.object({ signature: z.string(), timestamp: z.string(), nonce: z.string() })
/**
 * A pushed event (JSON format). Only wxa_media_check is read; other events are acknowledged. The
 * verdict's `suggest` is what WeChat advises: risky (违规), pass, review (may be, a person should look).
 */
const pushEventSchema = z.looseObject({
  Event: z.string().optional(),
  trace_id: z.string().optional(),
  result: z.looseObject({ suggest: z.enum(['pass', 'risky', 'review']), label: z.number().optional() }).optional()
})
/** Per client address, on top of the per-identity daily limit. */
const UPLOAD_RATE_LIMIT = { max: 10, timeWindow: '1 minute' }
/**
 * WeChat's servers (few addresses, many images) fetch images and push verdicts; both routes refuse
 * what is not signed, so the limit only bounds the work of checking signatures.
 */
const WECHAT_RATE_LIMIT = { max: 600, timeWindow: '1 minute' }

export default async function uploadRoutes(app: FastifyInstance) {
  const { uploadService } = app
  const typed = app.withTypeProvider<ZodTypeProvider>()

  typed.post(
    '/api/v1/uploads',
    {
      config: { access: 'session', rateLimit: UPLOAD_RATE_LIMIT },
      schema: {
        tags: ['residents'],
        summary: 'Upload a screenshot',
        description:
          'A resident (WeChat or browser session) sends one image as multipart/form-data (field `file`). JPEG or PNG by magic ' +
          'bytes, else 415; over 2 MB → 413. EXIF, XMP, comments and other metadata are removed before storing. ' +
          `At most ${UPLOADS_PER_DAY} a day per resident identity and 10 a minute per address (429). Staff → 403.`,
        security: [{ bearer: [] }],
        response: { 201: z.object({ id: z.string() }) }
      }
    },
    async (request, reply) => {
      const resident = residentOf(request)
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传一张图片')
      const bytes = await readUploadedFile(request, { maxBytes: MAX_IMAGE_BYTES, tooLarge: '图片不能超过 2 MB' })
      if (!bytes) throw new AppError('VALIDATION_FAILED', '图片必须选择', [{ field: 'file', message: '图片必须选择' }])
      return reply.status(201).send(await uploadService.store(resident.key, bytes))
    }
  )

  typed.get(
    '/api/v1/uploads/:id',
    {
      config: { access: STAFF },
      schema: {
        tags: ['residents'],
        summary: 'A screenshot attached to a certification',
        description: 'The image (image/jpeg or image/png) for staff whose scope covers the household it is attached to; else 404.',
        security: [{ bearer: [] }],
        params: z.object({ id: z.uuid('格式不正确') })
      }
    },
    async (request, reply) => {
      const image = await uploadService.read(staffOf(request).scope, request.params.id)
      return reply.type(image.mime).header('Cache-Control', 'private, no-store').send(image.bytes)
    }
  )

  typed.get(
    '/api/v1/uploads/:id/content',
    {
      config: { access: 'public', rateLimit: WECHAT_RATE_LIMIT },
      schema: {
        tags: ['residents'],
        summary: 'A screenshot for WeChat’s content check (our addition)',
        description:
          'The link the server gives WeChat’s media_check_async: `expires` (unix seconds, one hour) and `sig`, a keyed ' +
          'hash of the id and expiry. A wrong or expired signature, or an image purged or removed as risky → 404.',
        params: z.object({ id: z.uuid('格式不正确') }),
        querystring: z.object({ expires: z.coerce.number().int('应为整数'), sig: z.string() })
      }
    },
    async (request, reply) => {
      const { expires, sig } = request.query
      if (!contentLinkValid(app.cipher, request.params.id, expires, sig, app.now())) throw notFound('图片')
      const image = await uploadService.readForCheck(request.params.id)
      return reply.type(image.mime).header('Cache-Control', 'private, no-store').send(image.bytes)
    }
  )

  typed.get(
    '/api/v1/wechat/events',
    {
      config: { access: 'public', rateLimit: WECHAT_RATE_LIMIT },
      schema: {
        tags: ['residents'],
        summary: 'WeChat message push: URL verification (our addition)',
        description: 'WeChat checks the push URL when it is configured: a good signature (WECHAT_PUSH_TOKEN) → `echostr` as text; else 403.',
        querystring: pushQuerySchema.extend({ echostr: z.string() })
      }
    },
    async (request, reply) => {
      if (!pushSignatureValid(app.config.wechatPushToken, request.query)) throw forbidden('消息推送签名无效')
      return reply.type('text/plain').send(request.query.echostr)
    }
  )

  typed.post(
    '/api/v1/wechat/events',
    {
      config: { access: 'public', rateLimit: WECHAT_RATE_LIMIT },
      schema: {
        tags: ['residents'],
        summary: 'WeChat message push: content check results (our addition)',
        description:
          'Signed with WECHAT_PUSH_TOKEN (bad signature → 403, nothing recorded). `Event: wxa_media_check` records the ' +
          'verdict of the upload with that `trace_id` (risky: the file is deleted); an unknown trace id → 404 so WeChat ' +
          'retries; other events are acknowledged. Answers `success`.',
        querystring: pushQuerySchema,
        body: pushEventSchema
      }
    },
    async (request, reply) => {
      if (!pushSignatureValid(app.config.wechatPushToken, request.query)) throw forbidden('消息推送签名无效')
      const event = request.body
      if (event.Event === 'wxa_media_check') {
        if (!event.trace_id || !event.result) throw new AppError('VALIDATION_FAILED', '内容检测结果不完整', [{ field: 'result', message: '必须填写' }])
        if (!(await uploadService.recordVerdict(event.trace_id, event.result.suggest))) throw notFound('内容检测任务')
      }
      return reply.type('text/plain').send('success')
    }
  )
}
