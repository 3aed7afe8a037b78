import { useState } from 'react'
import { Image, Picker, View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { DECLARABLE_STATUS_CHOICES, type CertificationSubmit, type DeclarableStatus, type InviteMember } from '@/core/certification'
import { Field } from '@/features/households/components/Field'
import { useScreenshot } from '../hooks/useScreenshot'
import { Choice } from './Choice'
import './Resident.css'

interface Props {
  /** The invitation the resident opened: the screenshot is uploaded as its resident. */
  inviteToken: string
  members: InviteMember[]
  busy: boolean
  errors: Record<string, string>
  onSubmit: (draft: Partial<CertificationSubmit>) => void
}

interface RegionChoice {
  code: string
  name: string
}

/** Who, what the app shows, 来电预警, 常驻地区, the phone's last four digits when asked, a screenshot. */
export function CertificationForm({ inviteToken, members, busy, errors, onSubmit }: Props) {
  const [memberId, setMemberId] = useState<string>()
  const [status, setStatus] = useState<DeclarableStatus>()
  const [alertsOn, setAlertsOn] = useState<boolean>()
  const [region, setRegion] = useState<RegionChoice>()
  const [phoneLast4, setPhoneLast4] = useState('')
  const { screenshot, choose, remove, uploadId } = useScreenshot(inviteToken)
  const member = members.find((candidate) => candidate.id === memberId)

  const submit = () =>
    onSubmit({ memberId, status, alertsOn, region: region?.code, uploadId, phoneLast4: phoneLast4 || undefined })

  return (
    <View className='section certification-form'>
      <Field label='为哪位家庭成员登记' error={errors.memberId}>
        {members.length === 0 && <View>本户还没有登记家庭成员，请联系您的网格员。</View>}
        {members.map((candidate) => (
          <Choice key={candidate.id} className='member-choice' label={candidate.nameMasked} selected={candidate.id === memberId} onSelect={() => setMemberId(candidate.id)} />
        ))}
      </Field>
      <Field label='国家反诈中心APP' error={errors.status}>
        {DECLARABLE_STATUS_CHOICES.map((choice) => (
          <Choice key={choice.status} className='status-choice' label={choice.label} selected={choice.status === status} onSelect={() => setStatus(choice.status)} />
        ))}
      </Field>
      <Field label='来电预警' error={errors.alertsOn}>
        <Choice className='alerts-choice' label='已开启' selected={alertsOn === true} onSelect={() => setAlertsOn(true)} />
        <Choice className='alerts-choice' label='未开启' selected={alertsOn === false} onSelect={() => setAlertsOn(false)} />
      </Field>
      <Field label='常驻地区（选填，APP里选择的地区）' error={errors.region}>
        <Picker
          mode='region'
          level='region'
          value={[]}
          onChange={(event) => {
            const codes = event.detail.code ?? []
            const code = codes[codes.length - 1]
            setRegion(code ? { code, name: event.detail.value.join(' ') } : undefined)
          }}
        >
          <View className='region-choice tappable link'>{region ? region.name : '选择省市区'}</View>
        </Picker>
      </Field>
      {member?.needsPhoneLast4 && (
        <Field label='登记手机号的后4位' error={errors.phoneLast4}>
          <Input className='phone-last4' type='number' maxLength={4} placeholder='例如 1234' value={phoneLast4} onChange={setPhoneLast4} />
        </Field>
      )}
      <Field label='APP截图（选填，有截图审核更快）' error={errors.uploadId}>
        {screenshot.kind === 'none' || screenshot.kind === 'failed' ? (
          <Button className='screenshot-choose' block fill='outline' onClick={() => void choose()}>
            上传截图
          </Button>
        ) : (
          <View className='screenshot'>
            <Image className='screenshot-preview' src={screenshot.path} mode='aspectFit' />
            <View className='muted'>{screenshot.kind === 'uploading' ? '正在上传…' : '截图已上传'}</View>
            <Button className='screenshot-remove' block fill='none' onClick={remove}>
              不用这张截图
            </Button>
          </View>
        )}
        {screenshot.kind === 'failed' && <View className='screenshot-error error-text'>{screenshot.message}</View>}
      </Field>
      <Button className='certification-submit' type='primary' block loading={busy} disabled={screenshot.kind === 'uploading'} onClick={submit}>
        提交登记
      </Button>
    </View>
  )
}
