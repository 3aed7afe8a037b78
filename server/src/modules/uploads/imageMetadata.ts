/**
 * JPEG and PNG judged by their bytes, and stripped of metadata without re-encoding: EXIF (GPS position,
 * camera, time), XMP, IPTC, comments and embedded thumbnails live in JPEG APPn/COM segments and PNG
 * ancillary chunks, none of which a viewer needs to draw the picture. Pure functions on buffers (no
 * native image library); anything that does not parse as the format it claims is refused (null).
 */

export type ImageMime = 'image/jpeg' | 'image/png'

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** The type by magic bytes, never by name or declared content type. */
export function sniffImage(bytes: Buffer): ImageMime | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png'
  return null
}

export function stripMetadata(bytes: Buffer, mime: ImageMime): Buffer | null {
  return mime === 'image/jpeg' ? stripJpegMetadata(bytes) : stripPngMetadata(bytes)
}

/**
 * Keeps every segment up to the start of scan except APP1–APP13 and APP15 (EXIF, XMP, ICC, IPTC…) and
 * COM; keeps APP0 (JFIF) only without its thumbnail and APP14 (Adobe), which says how to read the colour
 * channels. After SOS the entropy-coded data runs to the end and holds no metadata markers.
 */
export function stripJpegMetadata(bytes: Buffer): Buffer | null {
  if (sniffImage(bytes) !== 'image/jpeg') return null
  const kept: Buffer[] = [bytes.subarray(0, 2)]
  let offset = 2
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return null
    const marker = bytes[offset + 1]
    if (marker === 0xff) {
      offset += 1 // fill byte
      continue
    }
    const length = bytes.readUInt16BE(offset + 2)
    const end = offset + 2 + length
    if (length < 2 || end > bytes.length) return null
    const segment = bytes.subarray(offset, end)
    if (marker === 0xda) {
      kept.push(bytes.subarray(offset))
      return Buffer.concat(kept)
    }
    if (marker === 0xe0) kept.push(jfifWithoutThumbnail(segment))
    else if (marker === 0xee || !((marker >= 0xe1 && marker <= 0xef) || marker === 0xfe)) kept.push(segment)
    offset = end
  }
  return null
}

/** APP0 "JFIF\0" with the thumbnail size set to 0×0 and its pixels dropped; any other APP0 is dropped. */
function jfifWithoutThumbnail(segment: Buffer): Buffer {
  if (segment.length < 18 || segment.toString('latin1', 4, 9) !== 'JFIF\0') return Buffer.alloc(0)
  const header = Buffer.from(segment.subarray(0, 18))
  header.writeUInt16BE(16, 2)
  header[16] = 0
  header[17] = 0
  return header
}

/** Chunks a PNG needs to be drawn as it was: the critical ones, and tRNS (transparency). */
const PNG_KEPT = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS'])

export function stripPngMetadata(bytes: Buffer): Buffer | null {
  if (sniffImage(bytes) !== 'image/png') return null
  const kept: Buffer[] = [PNG_SIGNATURE]
  let offset = 8
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset)
    const type = bytes.toString('latin1', offset + 4, offset + 8)
    const end = offset + 12 + length
    if (end > bytes.length || !/^[A-Za-z]{4}$/.test(type)) return null
    if (PNG_KEPT.has(type)) kept.push(bytes.subarray(offset, end))
    // An unknown critical chunk (upper-case first letter) means a PNG we cannot vouch for.
    else if (type[0] === type[0].toUpperCase()) return null
    if (type === 'IEND') return Buffer.concat(kept)
    offset = end
  }
  return null
}
