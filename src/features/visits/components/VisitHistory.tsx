import dayjs from 'dayjs'
import { View } from '@tarojs/components'
import type { VisitView } from '@/core/api'
import { VISIT_ACTION_LABELS, VISIT_KIND_LABELS } from '@/core/visit'
import './VisitHistory.css'

/** A household's visits, newest first: when, how, what was done, by whom. */
export function VisitHistory({ visits }: { visits: ReadonlyArray<VisitView> }) {
  if (visits.length === 0) return <View className='muted'>尚未走访</View>
  const newestFirst = [...visits].sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
  return (
    <View>
      {newestFirst.map((visit) => (
        <View key={visit.id} className='visit-entry'>
          <View className='row'>
            <View className='visit-entry-when'>
              {dayjs(visit.at).format('YYYY-MM-DD HH:mm')} · {VISIT_KIND_LABELS[visit.kind]}
            </View>
            <View className='muted'>{visit.workerName}</View>
          </View>
          {visit.actions.length > 0 && (
            <View className='visit-entry-actions'>{visit.actions.map((action) => VISIT_ACTION_LABELS[action]).join('、')}</View>
          )}
          {visit.note && <View className='muted'>{visit.note}</View>}
        </View>
      ))}
    </View>
  )
}
