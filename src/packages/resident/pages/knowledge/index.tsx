import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { FRAUD_KNOWLEDGE } from '@/core/knowledge'
import { FRAUD_TYPE_LABELS, describeWarning, type WarningList } from '@/core/fraud'
import { request } from '@/services/api'
import { getUser } from '@/services/session'
import { Call96110 } from '@/features/knowledge/Call96110'
import { PAGES, withQuery } from '@/routes'
import './index.css'

/** The township whose warnings to show: the link's (invitation, badge), else the signed-in staff's own. */
function townshipOf(query: string | undefined): string | null {
  if (query && /^\d{9}$/.test(query)) return query
  const region = getUser()?.scope.regionCode
  return region && region.length >= 9 ? region.slice(0, 9) : null
}

/**
 * 防骗知识: the common fraud types, each opening its own page, and — when the township has recorded at
 * least 3 cases — anonymised warnings from it (month, type, loss band, age band). Works signed out and
 * after the privacy notice is declined: the knowledge is in the app, the warnings are public.
 */
export default function KnowledgePage() {
  const township = townshipOf(useRouter().params.township)
  const [warnings, setWarnings] = useState<WarningList | null>(null)

  useEffect(() => {
    if (!township) return
    request<WarningList>('GET', `/regions/${township}/warnings`, { anonymous: true }).then(setWarnings, () => setWarnings(null))
  }, [township])

  return (
    <View className='page knowledge'>
      {warnings && warnings.items.length > 0 && (
        <View className='section knowledge-warnings'>
          <View className='section-title'>{warnings.township.name}近期发生的诈骗</View>
          {warnings.items.map((warning, index) => (
            <View key={index} className='knowledge-warning'>
              <View className='knowledge-warning-type'>{FRAUD_TYPE_LABELS[warning.fraudType]}</View>
              <View>{describeWarning(warning)}</View>
            </View>
          ))}
          <View className='muted'>身边就有人被骗，请提醒家里的老人和孩子。</View>
        </View>
      )}
      <View className='section'>
        <View className='section-title'>常见诈骗类型</View>
        {FRAUD_KNOWLEDGE.map((item) => (
          <View
            key={item.type}
            className='tappable knowledge-item'
            onClick={() => void Taro.navigateTo({ url: withQuery(PAGES.fraudType, { type: item.type }) })}
          >
            <View className='knowledge-item-text'>
              <View className='knowledge-item-title'>{item.title}</View>
              <View className='muted'>{item.summary}</View>
            </View>
            <View className='muted'>›</View>
          </View>
        ))}
      </View>
      <View className='section'>
        <View className='section-title'>记住三句话</View>
        <View>陌生来电提到转账，一律挂断。</View>
        <View>验证码、银行卡密码，谁要都不给。</View>
        <View>拿不准就打96110，被骗了马上打110。</View>
        <Call96110 />
      </View>
    </View>
  )
}
