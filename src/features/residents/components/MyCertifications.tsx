import { View } from '@tarojs/components'
import { CERTIFICATION_STATE_LABELS, type MyCertification } from '@/core/certification'
import './Resident.css'

/** What this resident submitted and how the grid worker decided it. */
export function MyCertifications({ items }: { items: MyCertification[] }) {
  return (
    <View className='section my-certifications'>
      <View className='section-title'>我的登记</View>
      {items.map((item) => (
        <View key={item.id} className='my-certification'>
          <View className='row'>
            <View>{item.memberNameMasked}</View>
            <View className={`certification-state certification-state--${item.state}`}>{CERTIFICATION_STATE_LABELS[item.state] ?? item.state}</View>
          </View>
          {item.state === 'pending' && <View className='muted'>网格员审核后，这里会显示结果</View>}
          {item.state === 'rejected' && item.reason && <View className='certification-reason'>原因：{item.reason}</View>}
        </View>
      ))}
    </View>
  )
}
