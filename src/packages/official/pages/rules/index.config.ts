export default definePageConfig({ navigationBarTitleText: '评分规则' })
