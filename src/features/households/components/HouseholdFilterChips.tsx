import { View } from '@tarojs/components'
import type { HouseholdFilter } from '@/core/api'
import './HouseholdFilterChips.css'

const FILTERS: ReadonlyArray<{ value: HouseholdFilter | null; label: string }> = [
  { value: null, label: '全部' },
  { value: 'not_registered', label: '未注册' },
  { value: 'priority', label: '重点人群' },
  { value: 'not_visited', label: '本季未走访' }
]

interface Props {
  value: HouseholdFilter | null
  onChange: (filter: HouseholdFilter | null) => void
}

/** One server-side filter at a time (the API takes a single `filter`); tapping the active chip clears it. */
export function HouseholdFilterChips({ value, onChange }: Props) {
  return (
    <View className='household-filters'>
      {FILTERS.map((filter) => (
        <View
          key={filter.label}
          className={filter.value === value ? 'household-filter tappable active' : 'household-filter tappable'}
          onClick={() => onChange(filter.value === value ? null : filter.value)}
        >
          {filter.label}
        </View>
      ))}
    </View>
  )
}
