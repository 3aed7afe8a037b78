export default definePageConfig({ navigationBarTitleText: '无诈社区' })
