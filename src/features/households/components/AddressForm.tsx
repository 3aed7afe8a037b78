import { View } from '@tarojs/components'
import { Input } from '@nutui/nutui-react-taro'
import type { FieldError } from '@/core/validation'
import { errorFor, type AddressPart, type HouseholdDraft } from '../draft'
import { Field } from './Field'

const PARTS: Array<{ part: AddressPart; label: string; placeholder: string }> = [
  { part: 'group', label: '组/小区', placeholder: '如：三组、阳光小区' },
  { part: 'building', label: '楼栋', placeholder: '如：5' },
  { part: 'unit', label: '单元', placeholder: '如：2' },
  { part: 'door', label: '门牌号', placeholder: '如：301' },
  { part: 'text', label: '详细地址', placeholder: '其他位置说明，如：村东头' }
]

interface Props {
  draft: HouseholdDraft
  errors: ReadonlyArray<FieldError>
  onAddressChange: (part: AddressPart, value: string) => void
  onNoteChange: (value: string) => void
}

export function AddressForm({ draft, errors, onAddressChange, onNoteChange }: Props) {
  const addressError = errors.find((error) => error.field === 'address')?.message
  return (
    <View className='section'>
      <View className='section-title'>地址</View>
      {addressError && <View className='error-text'>{addressError}</View>}
      {PARTS.map(({ part, label, placeholder }) => (
        <Field key={part} label={label} error={errorFor(errors, `address.${part}`)}>
          <Input
            className={`address-${part}`}
            name={part}
            placeholder={placeholder}
            value={draft.address[part]}
            onChange={(value) => onAddressChange(part, value)}
          />
        </Field>
      ))}
      <Field label='备注' error={errorFor(errors, 'note')}>
        <Input className='household-note' name='note' placeholder='选填，不能填写手机号或身份证号' value={draft.note} onChange={onNoteChange} />
      </Field>
    </View>
  )
}
