import { View } from '@tarojs/components'
import { HOUSEHOLD_FILTERS, type HouseholdFilter } from '@/core/api'
import './HouseholdFilterChips.css'

const FILTER_LABELS: Record<HouseholdFilter, string> = {
  not_registered: '未注册',
  priority: '重点人群',
  not_visited: '本季未走访'
}

interface Props {
  value: ReadonlyArray<HouseholdFilter>
  onChange: (filters: HouseholdFilter[]) => void
}

/**
 * Filters that combine: each chip toggles on its own and the list keeps the households passing every
 * chip that is on (未注册 + 重点人群 = priority households with someone to register); 全部 clears them.
 */
export function HouseholdFilterChips({ value, onChange }: Props) {
  const toggle = (filter: HouseholdFilter) =>
    onChange(value.includes(filter) ? value.filter((active) => active !== filter) : HOUSEHOLD_FILTERS.filter((f) => f === filter || value.includes(f)))
  return (
    <View className='household-filters'>
      <View className={value.length === 0 ? 'household-filter tappable active' : 'household-filter tappable'} onClick={() => onChange([])}>
        全部
      </View>
      {HOUSEHOLD_FILTERS.map((filter) => (
        <View
          key={filter}
          className={value.includes(filter) ? 'household-filter tappable active' : 'household-filter tappable'}
          onClick={() => toggle(filter)}
        >
          {FILTER_LABELS[filter]}
        </View>
      ))}
    </View>
  )
}
