import { View } from '@tarojs/components'
import { Input, Radio, Switch } from '@nutui/nutui-react-taro'
import { APP_STATUSES, APP_STATUS_LABELS, EVIDENCE_KINDS, EVIDENCE_LABELS, type AppStatusValue, type Evidence } from '@/core/appStatus'
import type { FieldError } from '@/core/validation'
import { errorFor, type AppDraft } from '../draft'
import { Field } from './Field'

const STATUS_OPTIONS = APP_STATUSES.map((value) => ({ value, label: APP_STATUS_LABELS[value] }))
const EVIDENCE_OPTIONS = EVIDENCE_KINDS.map((value) => ({ value, label: EVIDENCE_LABELS[value] }))

interface Props {
  app: AppDraft
  errors: ReadonlyArray<FieldError> | undefined
  onChange: (patch: Partial<AppDraft>) => void
}

/** 国家反诈中心APP: installed and registered or not, 来电预警, and how the worker knows. */
export function AppStatusEditor({ app, errors, onChange }: Props) {
  return (
    <View className='app-status'>
      <Field label='国家反诈中心APP' error={errorFor(errors, 'status')}>
        <Radio.Group
          className='app-status-options'
          direction='horizontal'
          shape='button'
          value={app.status ?? ''}
          options={STATUS_OPTIONS}
          onChange={(value) => onChange({ status: value as AppStatusValue })}
        />
      </Field>
      {app.status === 'refused' && (
        <Field label='拒绝原因' error={errorFor(errors, 'reason')}>
          <Input
            className='app-reason'
            name='reason'
            placeholder='如：本人不愿安装'
            value={app.reason}
            onChange={(reason) => onChange({ reason })}
          />
        </Field>
      )}
      {app.status !== null && app.status !== 'refused' && app.status !== 'not_installed' && (
        <Field label='来电预警已开启'>
          <Switch className='app-alerts' checked={app.alertsOn} onChange={(alertsOn) => onChange({ alertsOn })} />
        </Field>
      )}
      {app.status !== null && (
        <Field label='核实方式' error={errorFor(errors, 'evidence')}>
          <Radio.Group
            direction='horizontal'
            shape='button'
            value={app.evidence}
            options={EVIDENCE_OPTIONS}
            onChange={(value) => onChange({ evidence: value as Evidence })}
          />
        </Field>
      )}
    </View>
  )
}
