const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Base64 of bytes, for data URLs: the mini-program has no btoa, and wx.arrayBufferToBase64 is deprecated. */
export function base64OfBytes(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const rest = bytes.length - i
    const bits = (bytes[i] << 16) | ((rest > 1 ? bytes[i + 1] : 0) << 8) | (rest > 2 ? bytes[i + 2] : 0)
    out += ALPHABET[(bits >> 18) & 63] + ALPHABET[(bits >> 12) & 63]
    out += rest > 1 ? ALPHABET[(bits >> 6) & 63] : '='
    out += rest > 2 ? ALPHABET[bits & 63] : '='
  }
  return out
}
