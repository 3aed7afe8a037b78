import type { User } from '@/core/api'
import { PAGES } from '@/routes'

/**
 * Where each role starts: grid workers on their grid's home, officials and admins on the township
 * dashboard of their scope, village admins on their village's household list. Null for residents,
 * who enter through a household invitation, not this login.
 */
export function landingPageFor(user: User): string | null {
  switch (user.role) {
    case 'grid_worker':
      return PAGES.home
    case 'official':
    case 'admin':
      return PAGES.township
    case 'village_admin':
      return PAGES.households
    default:
      return null
  }
}
