export default definePageConfig({ navigationBarTitleText: '住户情况' })
