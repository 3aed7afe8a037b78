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
  me: '/pages/me/index',
  township: '/packages/official/pages/township/index',
  privacy: '/packages/resident/pages/privacy/index',
  invite: '/packages/resident/pages/invite/index',
  knowledge: '/packages/resident/pages/knowledge/index'
} as const

export function withQuery(path: string, query: Record<string, string | undefined>): string {
  const pairs = Object.entries(query)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
  return pairs.length ? `${path}?${pairs.join('&')}` : path
}
