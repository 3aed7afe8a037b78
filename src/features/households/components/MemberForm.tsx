import { View } from '@tarojs/components'
import { Button, Checkbox, Input, Radio, Switch } from '@nutui/nutui-react-taro'
import { GENDERS, GENDER_LABELS, PRIORITY_TAGS, PRIORITY_TAG_LABELS, SMARTPHONE_ANSWERS, SMARTPHONE_LABELS, type Gender, type PriorityTag, type SmartphoneAnswer } from '@/core/member'
import type { FieldError } from '@/core/validation'
import { errorFor, type AppDraft, type MemberDraft } from '../draft'
import { AppStatusEditor } from './AppStatusEditor'
import { Field } from './Field'
import './MemberForm.css'

const GENDER_OPTIONS = GENDERS.map((value) => ({ value, label: GENDER_LABELS[value] }))
const SMARTPHONE_OPTIONS = SMARTPHONE_ANSWERS.map((value) => ({ value, label: SMARTPHONE_LABELS[value] }))
const TAG_OPTIONS = PRIORITY_TAGS.map((value) => ({ value, label: PRIORITY_TAG_LABELS[value], disabled: false, onChange: () => undefined }))

interface Props {
  member: MemberDraft
  errors: ReadonlyArray<FieldError> | undefined
  onChange: (patch: Partial<MemberDraft>) => void
  onAppChange: (patch: Partial<AppDraft>) => void
  onHeadChange: (isHead: boolean) => void
  onDone: () => void
  onRemove: () => void
}

/** One member's facts (no ID number: off by default, DESIGN.md §5) and their app status. */
export function MemberForm({ member, errors, onChange, onAppChange, onHeadChange, onDone, onRemove }: Props) {
  return (
    <View className='member-form'>
      <Field label='姓名' error={errorFor(errors, 'name')}>
        <Input className='member-name' name='name' placeholder='必填' value={member.name} onChange={(name) => onChange({ name })} />
      </Field>
      <Field label='户主'>
        <Switch className='member-head' checked={member.isHead} onChange={onHeadChange} />
      </Field>
      <Field label='与户主关系' error={errorFor(errors, 'relation')}>
        <Input
          className='member-relation'
          name='relation'
          placeholder='如：本人、配偶、子女、父母'
          value={member.relation}
          onChange={(relation) => onChange({ relation })}
        />
      </Field>
      <Field label='性别' error={errorFor(errors, 'gender')}>
        <Radio.Group
          direction='horizontal'
          shape='button'
          value={member.gender}
          options={GENDER_OPTIONS}
          onChange={(gender) => onChange({ gender: gender as Gender })}
        />
      </Field>
      <Field label='出生年份' error={errorFor(errors, 'birthYear')}>
        <Input
          className='member-birth-year'
          name='birthYear'
          type='number'
          maxLength={4}
          placeholder='如：1958'
          value={member.birthYear}
          onChange={(birthYear) => onChange({ birthYear })}
        />
      </Field>
      <Field label='手机号' error={errorFor(errors, 'phone')}>
        <Input
          className='member-phone'
          name='phone'
          type='number'
          maxLength={11}
          placeholder={member.phoneMasked ? `已登记 ${member.phoneMasked}，修改请输入新号码` : '选填'}
          value={member.phone}
          onChange={(phone) => onChange({ phone })}
        />
      </Field>
      <Field label='有无智能手机' error={errorFor(errors, 'smartphone')}>
        <Radio.Group
          className='member-smartphone'
          direction='horizontal'
          shape='button'
          value={member.smartphone}
          options={SMARTPHONE_OPTIONS}
          onChange={(smartphone) => onChange({ smartphone: smartphone as SmartphoneAnswer })}
        />
      </Field>
      <Field label='外出务工/上学' error={errorFor(errors, 'away')}>
        <Switch className='member-away' checked={member.away} onChange={(away) => onChange({ away })} />
        {member.away && (
          <Input
            className='member-away-place'
            name='awayPlace'
            placeholder='外出地点，如：太原'
            value={member.awayPlace}
            onChange={(awayPlace) => onChange({ awayPlace })}
          />
        )}
      </Field>
      <Field label='重点人群（60岁以上按出生年份自动计入）' error={errorFor(errors, 'tags')}>
        <Checkbox.Group
          className='member-tags'
          direction='horizontal'
          value={member.tags}
          options={TAG_OPTIONS}
          onChange={(tags) => onChange({ tags: tags as PriorityTag[] })}
        />
      </Field>
      {member.smartphone !== 'no' && <AppStatusEditor app={member.app} errors={errors} onChange={onAppChange} />}
      <View className='member-form-actions button-row'>
        <Button size='small' fill='none' onClick={onRemove}>
          删除成员
        </Button>
        <Button className='member-done' size='small' type='primary' onClick={onDone}>
          完成
        </Button>
      </View>
    </View>
  )
}
