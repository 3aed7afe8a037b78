import crypto from 'node:crypto'
import zlib from 'node:zlib'

/**
 * A real PNG (signature, IHDR, IDAT, IEND; 8-bit greyscale) drawing a 21×21 pattern of the text's
 * hash, for the stand-in's wxacode.getUnlimited: a picture that differs per scene, decodable by any
 * image library, without a QR dependency on the server. It is no scannable code — the stand-in never
 * meets a real WeChat scanner.
 */
export function patternPng(text: string, cell = 8): Buffer {
  const modules = 21
  const bits = crypto.createHash('sha256').update(text).digest()
  const size = modules * cell
  const rows: Buffer[] = []
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(size + 1)
    for (let x = 0; x < size; x += 1) {
      const index = Math.floor(y / cell) * modules + Math.floor(x / cell)
      const dark = (bits[(index >> 3) % bits.length] >> (index & 7)) & 1
      row[x + 1] = dark ? 0 : 255
    }
    rows.push(row)
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8 // bit depth
  header[9] = 0 // greyscale
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    pngChunk('IEND', Buffer.alloc(0))
  ])
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** One PNG chunk: length, type, data and the CRC of type + data. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(body))
  return Buffer.concat([length, body, crc])
}
