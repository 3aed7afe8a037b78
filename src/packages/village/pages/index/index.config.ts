export default definePageConfig({ navigationBarTitleText: '村务管理' })
