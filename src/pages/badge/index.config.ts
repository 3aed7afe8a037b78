export default definePageConfig({ navigationBarTitleText: '我的工作证', pageOrientation: 'portrait' })
