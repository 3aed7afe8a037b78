import QRCode from 'qrcode'
import { base64OfBytes } from './base64'

/** UTF-8 bytes without TextEncoder, which the mini-program's JS engine may lack. */
function utf8Bytes(text: string): Uint8Array {
  return Uint8Array.from(unescape(encodeURIComponent(text)), (char) => char.charCodeAt(0))
}

/**
 * A QR code of `text` as an SVG data URL for an <Image>: the same on weapp and H5, with no canvas (the
 * canvas renderer needs the DOM). The text goes in as bytes, since given a string qrcode encodes it
 * with TextEncoder. Error correction M keeps the code readable on a scratched screen.
 */
export async function qrDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString([{ mode: 'byte', data: utf8Bytes(text) }], { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } })
  return `data:image/svg+xml;base64,${base64OfBytes(utf8Bytes(svg))}`
}
