export default definePageConfig({ navigationBarTitleText: '宣传活动与村情', enablePullDownRefresh: true })
