export default definePageConfig({ navigationBarTitleText: '核验网格员工作证' })
