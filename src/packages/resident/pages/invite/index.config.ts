export default definePageConfig({ navigationBarTitleText: '居民自助登记' })
