import { View } from '@tarojs/components'
import './PickList.css'

interface PickListProps {
  options: ReadonlyArray<{ id: string; label: string }>
  chosen: ReadonlyArray<string>
  onToggle: (id: string) => void
  empty: string
}

/** Rows to tick one or more of (grids, workers): a thumb-tall row each, its state in words as well as a mark. */
export function PickList({ options, chosen, onToggle, empty }: PickListProps) {
  if (options.length === 0) return <View className='muted'>{empty}</View>
  return (
    <View>
      {options.map((option) => {
        const on = chosen.includes(option.id)
        return (
          <View
            key={option.id}
            className={`tappable pick-row${on ? ' pick-row-on' : ''}`}
            aria-role='checkbox'
            aria-checked={on}
            onClick={() => onToggle(option.id)}
          >
            <View className='pick-mark'>{on ? '☑' : '☐'}</View>
            <View>{option.label}</View>
          </View>
        )
      })}
    </View>
  )
}

/** The list with `id` added or taken out. */
export function toggled(list: ReadonlyArray<string>, id: string): string[] {
  return list.includes(id) ? list.filter((item) => item !== id) : [...list, id]
}
