import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { staffOf } from '../../plugins/app/authorization'
import { readUploadedFile } from '../../plugins/external/multipart'
import { AppError } from '../../errors'
import { residentOf } from '../certifications/resident'
import { MAX_IMAGE_BYTES, UPLOADS_PER_DAY } from './service'

const STAFF = { roles: ['admin', 'official', 'village_admin', 'grid_worker'] } as const
/** Per client address, on top of the per-identity daily limit. */
const UPLOAD_RATE_LIMIT = { max: 10, timeWindow: '1 minute' }

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
}
