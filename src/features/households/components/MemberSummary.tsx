import { View } from '@tarojs/components'
import { APP_STATUS_LABELS } from '@/core/appStatus'
import { GENDER_LABELS, PRIORITY_TAG_LABELS, SMARTPHONE_LABELS, priorityTagsOf } from '@/core/member'
import type { MemberDraft } from '../draft'
import './MemberSummary.css'

interface Props {
  member: MemberDraft
  year: number
  hasError: boolean
  onEdit: () => void
}

/** A member in one line or two: who they are, and where their app registration stands. */
export function MemberSummary({ member, year, hasError, onEdit }: Props) {
  const birthYear = Number(member.birthYear) || null
  const tags = priorityTagsOf({ birthYear, smartphone: member.smartphone, away: null, tags: member.tags }, year)
  const appLabel =
    member.smartphone === 'no'
      ? `智能手机：${SMARTPHONE_LABELS.no}`
      : member.app.status
        ? APP_STATUS_LABELS[member.app.status]
        : 'APP状态未登记'
  return (
    <View className={hasError ? 'member-summary member-summary--error' : 'member-summary'} onClick={onEdit}>
      <View className='row'>
        <View className='member-summary-name'>
          {member.name || '（未填姓名）'}
          {member.isHead && <View className='member-summary-head'>户主</View>}
        </View>
        <View className={member.app.status === 'registered' ? 'member-summary-app registered' : 'member-summary-app'}>
          {appLabel}
        </View>
      </View>
      <View className='muted'>
        {[member.relation, GENDER_LABELS[member.gender], member.birthYear && `${member.birthYear}年生`, member.away && `外出：${member.awayPlace}`]
          .filter(Boolean)
          .join(' · ')}
        {tags.length > 0 && ` · ${tags.map((tag) => PRIORITY_TAG_LABELS[tag]).join('、')}`}
      </View>
      {hasError && <View className='error-text'>有需要修改的内容，点击编辑</View>}
    </View>
  )
}
