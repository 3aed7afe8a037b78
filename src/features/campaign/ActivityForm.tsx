import { useState } from 'react'
import { Picker, View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { ACTIVITY_KINDS, ACTIVITY_KIND_LABELS, type ActivityKind } from '@/core/campaign'
import { Field } from '@/features/households/components/Field'
import { Choice } from '@/features/residents/components/Choice'
import { api } from '@/services/api'
import { typedCount, useRecordSubmit } from './useRecordSubmit'
import './campaign.css'

interface Props {
  /** The village (12 digits) or township (9 digits) the activity belongs to. */
  regionCode: string
  title: string
  /** Where the activity counts, said before the fields. */
  hint: string
  onRecorded: () => void
  onCancel: () => void
}

/**
 * 记录宣传活动 (POST /activities): a village's own activity counts for it, a township's for each of its
 * villages (the score's 宣传活动 indicator). The server checks the record; its messages are shown under
 * the fields they name.
 */
export function ActivityForm({ regionCode, title, hint, onRecorded, onCancel }: Props) {
  const [date, setDate] = useState('')
  const [kind, setKind] = useState<ActivityKind>()
  const [name, setName] = useState('')
  const [participants, setParticipants] = useState('')
  const { busy, errors, error, submit } = useRecordSubmit()

  const save = async () => {
    const sent = await submit(async () => {
      await api.post('/activities', { regionCode, date, title: name, kind, participants: typedCount(participants) })
    })
    if (sent) onRecorded()
  }

  return (
    <View className='section activity-form'>
      <View className='section-title'>{title}</View>
      <View className='muted'>{hint}</View>
      <Field label='日期' error={errors.date}>
        <Picker mode='date' value={date} onChange={(event) => setDate(event.detail.value)}>
          <View className='activity-date tappable link'>{date || '选择日期'}</View>
        </Picker>
      </Field>
      <Field label='活动形式' error={errors.kind}>
        {ACTIVITY_KINDS.map((option) => (
          <Choice key={option} className='activity-kind' label={ACTIVITY_KIND_LABELS[option]} selected={option === kind} onSelect={() => setKind(option)} />
        ))}
      </Field>
      <Field label='活动名称（不要写电话或身份证号）' error={errors.title}>
        <Input className='activity-title' maxLength={100} placeholder='例如 防范养老诈骗宣讲' value={name} onChange={setName} />
      </Field>
      <Field label='参与人数' error={errors.participants}>
        <Input className='activity-participants' type='number' placeholder='例如 40' value={participants} onChange={setParticipants} />
      </Field>
      {error && <View className='activity-error error-text'>{error}</View>}
      <View className='button-row'>
        <Button className='activity-cancel' fill='none' onClick={onCancel}>
          取消
        </Button>
        <Button className='activity-submit' type='primary' loading={busy} onClick={() => void save()}>
          保存
        </Button>
      </View>
    </View>
  )
}
