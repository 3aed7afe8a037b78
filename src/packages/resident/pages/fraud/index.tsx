import { useEffect } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { COMMON_ACTIONS, knowledgeOf } from '@/core/knowledge'
import { Call96110 } from '@/features/knowledge/Call96110'
import './index.css'

function List({ title, items }: { title: string; items: string[] }) {
  return (
    <View className='section'>
      <View className='section-title'>{title}</View>
      {items.map((item) => (
        <View key={item} className='fraud-item'>
          {item}
        </View>
      ))}
    </View>
  )
}

/** One fraud type: what they say, how to tell, what to do — then 96110. */
export default function FraudTypePage() {
  const knowledge = knowledgeOf(useRouter().params.type ?? '')
  useEffect(() => {
    if (knowledge) void Taro.setNavigationBarTitle({ title: knowledge.title })
  }, [knowledge])

  if (!knowledge) {
    return (
      <View className='page'>
        <View className='section'>没有找到这类诈骗的介绍，请返回防骗知识查看。</View>
      </View>
    )
  }
  return (
    <View className='page fraud'>
      <View className='section fraud-summary'>{knowledge.summary}</View>
      <List title='常见话术' items={knowledge.lines} />
      <List title='怎么识别' items={knowledge.signs} />
      <List title='怎么办' items={[...knowledge.actions, ...COMMON_ACTIONS]} />
      <Call96110 />
    </View>
  )
}
