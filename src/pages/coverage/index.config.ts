export default definePageConfig({ navigationBarTitleText: '注册情况' })
