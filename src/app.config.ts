export default defineAppConfig({
  // Main package: login and the grid worker's daily pages, available offline from the first start.
  pages: ['pages/login/index', 'pages/home/index', 'pages/households/index', 'pages/household/index', 'pages/household-edit/index', 'pages/sync/index', 'pages/import/index', 'pages/me/index'],
  subPackages: [
    { root: 'packages/official', pages: ['pages/township/index'] },
    { root: 'packages/resident', pages: ['pages/privacy/index'] }
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#c8161d',
    navigationBarTitleText: '无诈社区',
    navigationBarTextStyle: 'white'
  },
  __usePrivacyCheck__: true
})
