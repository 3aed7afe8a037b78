export default definePageConfig({ navigationBarTitleText: '村社区得分', enablePullDownRefresh: true })
