import dayjs from 'dayjs'
import { View } from '@tarojs/components'
import type { MemberView } from '@/core/api'
import { APP_STATUS_LABELS, EVIDENCE_LABELS } from '@/core/appStatus'
import { GENDER_LABELS, PRIORITY_TAG_LABELS, SMARTPHONE_LABELS, ageInYear, describeNotCounted, priorityTagsOf } from '@/core/member'
import './MemberDetail.css'

interface Props {
  member: MemberView
  year: number
}

/**
 * A member as the detail page shows them: who, priority tags, where their app registration stands, and
 * — when app coverage does not count them toward 应注册 — why (DESIGN §7: a member who doesn't count says why).
 */
export function MemberDetail({ member, year }: Props) {
  const age = ageInYear(member.birthYear, year)
  const tags = priorityTagsOf(member, year)
  const notCounted = describeNotCounted(member, year)
  return (
    <View className='member-detail'>
      <View className='row'>
        <View className='member-detail-name'>
          {member.name}
          {member.isHead && <View className='member-detail-head'>户主</View>}
        </View>
        <View className='muted'>
          {[member.relation, GENDER_LABELS[member.gender], age != null && `${age}岁`].filter(Boolean).join(' · ')}
        </View>
      </View>
      {tags.length > 0 && (
        <View className='member-detail-tags'>
          {tags.map((tag) => (
            <View key={tag} className='member-detail-tag'>
              {PRIORITY_TAG_LABELS[tag]}
            </View>
          ))}
        </View>
      )}
      {member.away && <View className='muted'>外出：{member.away.place}</View>}
      {notCounted && <View className='member-detail-not-counted'>不计入应注册：{notCounted}</View>}
      <AppLine member={member} />
    </View>
  )
}

function AppLine({ member }: { member: MemberView }) {
  if (member.smartphone === 'no') return <View className='member-detail-app'>智能手机：{SMARTPHONE_LABELS.no}</View>
  const app = member.app
  if (!app) return <View className='member-detail-app pending'>APP状态未登记</View>
  return (
    <View className={app.status === 'registered' ? 'member-detail-app registered' : 'member-detail-app pending'}>
      {APP_STATUS_LABELS[app.status]} · 来电预警{app.alertsOn ? '已开启' : '未开启'} · {EVIDENCE_LABELS[app.evidence]}
      {app.status === 'refused' && app.reason && <View className='member-detail-reason'>拒绝原因：{app.reason}</View>}
      <View className='muted'>登记于 {dayjs(app.updatedAt).format('YYYY-MM-DD')}</View>
    </View>
  )
}
