export default definePageConfig({ navigationBarTitleText: '防骗知识' })
