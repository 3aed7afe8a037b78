import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { PAGES } from '@/routes'
import './Resident.css'

/** The 防骗知识 pages, open to anyone: they need no sign-in and send nothing about the reader. */
export function KnowledgeLink() {
  return (
    <View className='knowledge-link tappable link' onClick={() => void Taro.navigateTo({ url: PAGES.knowledge })}>
      看看防骗知识：常见诈骗手法与应对
    </View>
  )
}
