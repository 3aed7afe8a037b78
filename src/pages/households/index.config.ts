export default definePageConfig({ navigationBarTitleText: '户列表', enablePullDownRefresh: true })
