import QRCode from 'qrcode'

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Base64 of ASCII text: the mini-program has no btoa, and the SVG qrcode writes is plain ASCII. */
function asciiBase64(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i += 3) {
    const a = text.charCodeAt(i)
    const b = i + 1 < text.length ? text.charCodeAt(i + 1) : NaN
    const c = i + 2 < text.length ? text.charCodeAt(i + 2) : NaN
    const bits = (a << 16) | ((b || 0) << 8) | (c || 0)
    out += BASE64[(bits >> 18) & 63] + BASE64[(bits >> 12) & 63]
    out += Number.isNaN(b) ? '=' : BASE64[(bits >> 6) & 63]
    out += Number.isNaN(c) ? '=' : BASE64[bits & 63]
  }
  return out
}

/**
 * The UTF-8 bytes of `text` as one byte-mode segment: given a string, qrcode encodes it with
 * TextEncoder, which the mini-program's JS engine may lack.
 */
export function qrSegments(text: string): QRCode.QRCodeSegment[] {
  const utf8 = unescape(encodeURIComponent(text))
  return [{ mode: 'byte', data: Uint8Array.from(utf8, (char) => char.charCodeAt(0)) }]
}

/**
 * A QR code of `text` as an SVG data URL for an <Image>: the same on weapp and H5, with no canvas (the
 * canvas renderer needs the DOM). Error correction M keeps the code readable on a scratched screen.
 */
export async function qrDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(qrSegments(text), { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } })
  return `data:image/svg+xml;base64,${asciiBase64(svg)}`
}
