import { View } from '@tarojs/components'
import { Button, Checkbox, Input, Popup, Radio } from '@nutui/nutui-react-taro'
import { VISIT_ACTIONS, VISIT_ACTION_LABELS, VISIT_KINDS, VISIT_KIND_LABELS, type VisitAction, type VisitKind } from '@/core/visit'
import type { QuickVisit } from '../hooks/useQuickVisit'
import './QuickVisitSheet.css'

const KIND_OPTIONS = VISIT_KINDS.map((kind) => ({ value: kind, label: VISIT_KIND_LABELS[kind] }))

/**
 * Records a visit in as few taps as the door allows: 入户 and the usual actions come preselected, so
 * 走访 → 保存 is two taps, and each action changed is one more.
 */
export function QuickVisitSheet({ visit }: { visit: QuickVisit }) {
  const { target, draft, saving } = visit
  return (
    <Popup
      className='quick-visit'
      visible={target !== null}
      position='bottom'
      round
      closeable
      destroyOnClose
      title='记录走访'
      description={target?.addressText || '（未填地址）'}
      onClose={visit.close}
    >
      <View className='quick-visit-body'>
        <View className='quick-visit-label'>走访方式</View>
        <Radio.Group
          className='quick-visit-kind'
          direction='horizontal'
          shape='button'
          value={draft.kind}
          options={KIND_OPTIONS}
          onChange={(kind) => visit.setKind(kind as VisitKind)}
        />
        <View className='quick-visit-label'>做了什么</View>
        <Checkbox.Group
          className='quick-visit-actions'
          direction='horizontal'
          value={[...draft.actions]}
          onChange={(actions) => visit.setActions(actions as VisitAction[])}
        >
          {VISIT_ACTIONS.map((action) => (
            <Checkbox key={action} className='quick-visit-action' shape='button' value={action} label={VISIT_ACTION_LABELS[action]} />
          ))}
        </Checkbox.Group>
        <Input
          className='quick-visit-note'
          name='visitNote'
          maxLength={200}
          placeholder='备注（选填）'
          value={draft.note}
          onChange={visit.setNote}
        />
        <Button className='quick-visit-save' type='primary' block loading={saving} onClick={() => void visit.save()}>
          保存
        </Button>
      </View>
    </Popup>
  )
}
