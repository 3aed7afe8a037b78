/** Absolute paths of the pages in app.config.ts, for navigation. */
export const PAGES = {
  login: '/pages/login/index',
  home: '/pages/home/index',
  households: '/pages/households/index',
  household: '/pages/household/index',
  householdEdit: '/pages/household-edit/index',
  sync: '/pages/sync/index',
  rosterImport: '/pages/import/index',
  coverage: '/pages/coverage/index',
  review: '/pages/review/index',
  me: '/pages/me/index',
  township: '/packages/official/pages/township/index',
  officialVillage: '/packages/official/pages/village/index',
  officialHousehold: '/packages/official/pages/household/index',
  ruleSet: '/packages/official/pages/rules/index',
  villageManage: '/packages/village/pages/index/index',
  villageScore: '/packages/village/pages/score/index',
  villageGrids: '/packages/village/pages/grids/index',
  villageInvites: '/packages/village/pages/invites/index',
  householdMove: '/packages/village/pages/move/index',
  villageRecords: '/packages/village/pages/records/index',
  privacy: '/packages/resident/pages/privacy/index',
  badge: '/pages/badge/index',
  badgeCheck: '/packages/resident/pages/badge/index',
  knowledge: '/packages/resident/pages/knowledge/index',
  fraudType: '/packages/resident/pages/fraud/index',
  invite: '/packages/resident/pages/invite/index'
} as const

export function withQuery(path: string, query: Record<string, string | undefined>): string {
  const pairs = Object.entries(query)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
  return pairs.length ? `${path}?${pairs.join('&')}` : path
}
