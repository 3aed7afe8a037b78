import { fromBufferPromise } from 'yauzl'

/**
 * An .xlsx is a zip, and a 5 MB zip can inflate to gigabytes (a "zip bomb") and take the server down with
 * everyone's sync. A real roster of 1,000 rows inflates to about 1 MB, so these limits leave wide room for
 * formatting, extra sheets and pictures.
 */
export const MAX_UNZIPPED_BYTES = 64 * 1024 * 1024
export const MAX_ZIP_ENTRIES = 2000

export type ZipLimitViolation = 'not_a_zip' | 'too_many_entries' | 'too_large'

/**
 * Inflates every entry once, counting bytes, before the spreadsheet library is given the file. The sizes
 * the zip declares are checked first and then enforced while inflating (yauzl's validateEntrySizes), so a
 * zip that understates its sizes is stopped at the declared size, never at the bomb's.
 */
export async function checkZipLimits(file: Buffer, limits = { bytes: MAX_UNZIPPED_BYTES, entries: MAX_ZIP_ENTRIES }): Promise<ZipLimitViolation | null> {
  let zip
  try {
    zip = await fromBufferPromise(file, { lazyEntries: true, validateEntrySizes: true })
  } catch {
    return 'not_a_zip'
  }
  try {
    if (zip.entryCount > limits.entries) return 'too_many_entries'
    let declared = 0
    for await (const entry of zip.eachEntry()) {
      declared += entry.uncompressedSize
      if (declared > limits.bytes) return 'too_large'
      if (entry.fileName.endsWith('/')) continue
      for await (const _chunk of await zip.openReadStreamPromise(entry)) {
        // Only reading through: yauzl fails the stream if it inflates past the entry's declared size.
      }
    }
    return null
  } catch {
    return 'not_a_zip'
  } finally {
    zip.close()
  }
}
