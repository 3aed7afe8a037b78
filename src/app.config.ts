export default defineAppConfig({
  // Main package: login and the grid worker's daily pages, available offline from the first start.
  pages: ['pages/login/index', 'pages/home/index', 'pages/households/index', 'pages/household/index', 'pages/household-edit/index', 'pages/sync/index', 'pages/import/index', 'pages/coverage/index', 'pages/review/index', 'pages/me/index', 'pages/badge/index'],
  subPackages: [
    { root: 'packages/official', pages: ['pages/township/index', 'pages/village/index', 'pages/household/index', 'pages/rules/index'] },
    // The village admin's management: score and gaps, grids, staff invitations, moving a household, campaign records.
    { root: 'packages/village', pages: ['pages/index/index', 'pages/score/index', 'pages/grids/index', 'pages/invites/index', 'pages/move/index', 'pages/records/index'] },
    { root: 'packages/resident', pages: ['pages/privacy/index', 'pages/invite/index', 'pages/badge/index', 'pages/knowledge/index', 'pages/fraud/index'] }
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#c8161d',
    navigationBarTitleText: '无诈社区',
    navigationBarTextStyle: 'white',
    // WeChat draws its own bar; on H5 this turns on Taro's, so every page has a title and a way back
    // (the previous page, or the start page when there is none).
    navigationStyle: 'default'
  },
  __usePrivacyCheck__: true
})
