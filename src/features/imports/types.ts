import type { ImportRowReport } from '@/core/imports'

/** A chosen .xlsx: a temp path on weapp, the browser's File on H5. */
export interface PickedFile {
  name: string
  path?: string
  file?: File
}

/** What a duplicate row repeats, in Chinese. */
export function duplicateText(row: ImportRowReport): string {
  const dup = row.duplicateOf
  if (!dup) return '与已有记录重复'
  const earlier = dup.row ? `第${dup.row}行` : '前面的行'
  switch (dup.reason) {
    case 'file_address_name':
      return `与${earlier}地址和姓名相同`
    case 'file_phone':
      return `与${earlier}手机号相同`
    case 'existing_address_name':
      return '该地址已登记同名成员'
    case 'existing_phone':
      return '该手机号已登记'
    default:
      return '与已有记录重复'
  }
}
