import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { InjectOptions } from 'fastify'
import { patternPng, pngChunk } from '../../server/src/modules/wechatStandIn/png'
import type { TestServer } from './harness'

/** A 16×16 JPEG with only JFIF (no thumbnail), tables and scan: what stripping must leave of a camera photo. */
export const CLEAN_JPEG = fs.readFileSync(path.join(__dirname, 'fixtures-images', 'clean.jpg'))
/** A PNG of critical chunks only. */
export const TINY_PNG = patternPng('fixture', 1)

/** What a phone's camera writes: GPS in EXIF, XMP, a comment. Each must be gone after the upload. */
export const SECRETS = ['GPS-LAT-36.0880N', 'xmp:CreatorTool=iPhone', '拍摄于临汾市尧都区']

function segment(marker: number, body: Buffer): Buffer {
  const header = Buffer.from([0xff, marker, 0, 0])
  header.writeUInt16BE(body.length + 2, 2)
  return Buffer.concat([header, body])
}

/** CLEAN_JPEG with EXIF (APP1), XMP (APP1) and a comment (COM) inserted after SOI. */
export function jpegWithMetadata(): Buffer {
  return Buffer.concat([
    CLEAN_JPEG.subarray(0, 2),
    segment(0xe1, Buffer.from(`Exif\0\0${SECRETS[0]}`, 'latin1')),
    segment(0xe1, Buffer.from(`http://ns.adobe.com/xap/1.0/\0${SECRETS[1]}`, 'utf8')),
    segment(0xfe, Buffer.from(SECRETS[2], 'utf8')),
    CLEAN_JPEG.subarray(2)
  ])
}

/** TINY_PNG with tEXt, iTXt and eXIf chunks after IHDR (8-byte signature + 25-byte IHDR chunk). */
export function pngWithMetadata(): Buffer {
  return Buffer.concat([
    TINY_PNG.subarray(0, 33),
    pngChunk('tEXt', Buffer.from(`Comment\0${SECRETS[0]}`, 'latin1')),
    pngChunk('iTXt', Buffer.from(`XML:com.adobe.xmp\0\0\0\0\0${SECRETS[1]}`, 'utf8')),
    pngChunk('eXIf', Buffer.from(SECRETS[2], 'utf8')),
    TINY_PNG.subarray(33)
  ])
}

/** A multipart/form-data request as wx.uploadFile sends it (one file part named `file`). */
export function uploadOf(bytes: Buffer, filename = 'screenshot.png', contentType = 'image/png'): InjectOptions {
  const boundary = `----wuzha${crypto.randomBytes(8).toString('hex')}`
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`)
  ])
  return { method: 'POST', url: '/api/v1/uploads', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload }
}

/** An upload already attached to a household, written the way the upload service stores one. */
export async function attachedUpload(server: TestServer, householdId: string): Promise<string> {
  const id = crypto.randomUUID()
  const relative = path.join('uploads', `${id}.png`)
  fs.mkdirSync(path.join(server.config.dataDir, 'uploads'), { recursive: true })
  fs.writeFileSync(path.join(server.config.dataDir, relative), TINY_PNG)
  await server.database.db
    .insertInto('uploads')
    .values({
      id,
      owner_openid: 'o-fixture',
      path: relative,
      sha256: crypto.createHash('sha256').update(TINY_PNG).digest('hex'),
      size: TINY_PNG.length,
      mime: 'image/png',
      household_id: householdId,
      created_at: '2026-11-14T00:00:00.000Z'
    })
    .execute()
  return id
}
