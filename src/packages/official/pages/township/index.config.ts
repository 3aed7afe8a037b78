export default definePageConfig({ navigationBarTitleText: '创建情况', enablePullDownRefresh: true })
