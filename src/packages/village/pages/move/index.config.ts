export default definePageConfig({ navigationBarTitleText: '调整网格' })
