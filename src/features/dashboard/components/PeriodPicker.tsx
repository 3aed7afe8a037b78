import { useState } from 'react'
import { Picker, View } from '@tarojs/components'
import { describePeriod, quarterChoices, rangePeriod } from '../periods'
import './PeriodPicker.css'

interface Props {
  value: string
  onChange: (period: string) => void
}

/** 本季度, 上季度 or a range of dates: the `period` every dashboard, score and export takes. */
export function PeriodPicker({ value, onChange }: Props) {
  const quarters = quarterChoices(new Date())
  const [ranging, setRanging] = useState(false)
  const [start, setStart] = useState('')
  const [end, setEnd] = useState('')
  const isQuarter = quarters.some((choice) => choice.value === value)

  return (
    <View className='period-picker'>
      <View className='period-choices'>
        {quarters.map((choice) => (
          <View
            key={choice.value}
            className={`period-choice tappable ${choice.value === value && !ranging ? 'period-choice--selected' : ''}`}
            onClick={() => {
              setRanging(false)
              onChange(choice.value)
            }}
          >
            {choice.label}
          </View>
        ))}
        <View className={`period-choice period-range-toggle tappable ${ranging || !isQuarter ? 'period-choice--selected' : ''}`} onClick={() => setRanging(true)}>
          时间段
        </View>
      </View>
      {ranging && (
        <View className='period-range'>
          <Picker mode='date' value={start} onChange={(event) => setStart(event.detail.value)}>
            <View className='period-date tappable link'>{start || '开始日期'}</View>
          </Picker>
          <View>至</View>
          <Picker mode='date' value={end} onChange={(event) => setEnd(event.detail.value)}>
            <View className='period-date tappable link'>{end || '结束日期'}</View>
          </Picker>
          <View
            className='period-apply tappable link'
            onClick={() => {
              if (start && end) onChange(start <= end ? rangePeriod(start, end) : rangePeriod(end, start))
            }}
          >
            查看
          </View>
        </View>
      )}
      <View className='muted'>统计期：{describePeriod(value)}</View>
    </View>
  )
}
