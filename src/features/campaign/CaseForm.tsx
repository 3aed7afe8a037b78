import { useState } from 'react'
import { Picker, View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { CASE_KINDS, FRAUD_TYPES, FRAUD_TYPE_LABELS, type CaseKind, type FraudType } from '@/core/fraud'
import { Field } from '@/features/households/components/Field'
import { Choice } from '@/features/residents/components/Choice'
import { api } from '@/services/api'
import { typedCount, useRecordSubmit } from './useRecordSubmit'

const CASE_KIND_LABELS: Record<CaseKind, string> = {
  incident: '涉诈警情（本地有受害人）',
  suspect: '涉诈嫌疑人员',
  den: '涉诈窝点'
}

interface Props {
  villageCode: string
  onRecorded: () => void
  onCancel: () => void
}

/**
 * 记录涉诈案件 (POST /cases): any case vetoes the village's score for the period. The server checks the
 * record; its messages are shown under the fields they name.
 */
export function CaseForm({ villageCode, onRecorded, onCancel }: Props) {
  const [date, setDate] = useState('')
  const [kind, setKind] = useState<CaseKind>()
  const [fraudType, setFraudType] = useState<FraudType>()
  const [loss, setLoss] = useState('')
  const [note, setNote] = useState('')
  const { busy, errors, error, submit } = useRecordSubmit()

  const save = async () => {
    const sent = await submit(async () => {
      await api.post('/cases', {
        villageCode,
        date,
        kind,
        fraudType,
        loss: typedCount(loss),
        note: note.trim() === '' ? undefined : note.trim()
      })
    })
    if (sent) onRecorded()
  }

  return (
    <View className='section case-form'>
      <View className='section-title'>记录涉诈案件</View>
      <View className='muted'>记录后本村社区本期一票否决。</View>
      <Field label='日期' error={errors.date}>
        <Picker mode='date' value={date} onChange={(event) => setDate(event.detail.value)}>
          <View className='case-date tappable link'>{date || '选择日期'}</View>
        </Picker>
      </Field>
      <Field label='类别' error={errors.kind}>
        {CASE_KINDS.map((option) => (
          <Choice key={option} className='case-kind' label={CASE_KIND_LABELS[option]} selected={option === kind} onSelect={() => setKind(option)} />
        ))}
      </Field>
      <Field label='诈骗类型' error={errors.fraudType}>
        <Picker
          mode='selector'
          range={FRAUD_TYPES.map((type) => FRAUD_TYPE_LABELS[type])}
          onChange={(event) => setFraudType(FRAUD_TYPES[Number(event.detail.value)])}
        >
          <View className='case-fraud-type tappable link'>{fraudType ? FRAUD_TYPE_LABELS[fraudType] : '选择诈骗类型'}</View>
        </Picker>
      </Field>
      <Field label='损失金额（元，选填）' error={errors.loss}>
        <Input className='case-loss' type='digit' placeholder='例如 5000' value={loss} onChange={setLoss} />
      </Field>
      <Field label='备注（选填，不要写电话或身份证号）' error={errors.note}>
        <Input className='case-note' maxLength={500} value={note} onChange={setNote} />
      </Field>
      {error && <View className='case-error error-text'>{error}</View>}
      <View className='button-row'>
        <Button className='case-cancel' fill='none' onClick={onCancel}>
          取消
        </Button>
        <Button className='case-submit' type='primary' loading={busy} onClick={() => void save()}>
          保存
        </Button>
      </View>
    </View>
  )
}
