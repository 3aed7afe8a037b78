export default definePageConfig({ navigationBarTitleText: '本村评分', enablePullDownRefresh: true })
