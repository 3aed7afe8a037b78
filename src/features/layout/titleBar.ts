import Taro from '@tarojs/taro'
import { getUser } from '@/services/session'
import { landingPageFor } from '@/features/auth/landing'

const START_PAGE_CLASS = 'title-bar--start'

/**
 * H5 only. Taro's title bar offers a back button when there is a page to go back to and a home button
 * when there is none. Taro's "home" is the first page, sign-in, which sends a signed-in user on to their
 * start page; on that start page itself the home button would only reopen it, so it is hidden there
 * (app.css). Call once at launch.
 */
export function followStartPageInTitleBar(): void {
  Taro.eventCenter.on('__afterTaroRouterChange', ({ toLocation }: { toLocation: { path: string } }) => {
    const user = getUser()
    const start = user ? landingPageFor(user) : null
    document.getElementById('taro-navigation-bar')?.classList.toggle(START_PAGE_CLASS, start !== null && toLocation.path === start)
  })
}
