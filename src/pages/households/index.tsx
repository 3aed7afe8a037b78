import { useMemo, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useReady, useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, SearchBar, VirtualList } from '@nutui/nutui-react-taro'
import type { HouseholdFilter, HouseholdSummary } from '@/core/api'
import { useSession } from '@/hooks/useSession'
import { householdScopeOf } from '@/features/households/scope'
import { useHouseholdList } from '@/features/households/hooks/useHouseholdList'
import { HOUSEHOLD_CARD_HEIGHT, HouseholdCard } from '@/features/households/components/HouseholdCard'
import { HouseholdFilterChips } from '@/features/households/components/HouseholdFilterChips'
import { useQuickVisit } from '@/features/visits/hooks/useQuickVisit'
import { QuickVisitSheet } from '@/features/visits/components/QuickVisitSheet'
import { OutboxBadge } from '@/features/sync/components/OutboxBadge'
import { MeButton } from '@/features/auth/components/MeEntry'
import { PAGES, withQuery } from '@/routes'
import './index.css'

/** Gap between cards: NutUI's .nut-virtuallist-item bottom margin (its CSS is not scaled by Taro). */
const CARD_GAP = 10
/** Until the header has been measured: search bar, filter chips and the 新增户 row on a common phone. */
const HEADER_ESTIMATE = 170

export default function HouseholdsPage() {
  const { params } = useRouter<{ grid?: string; village?: string }>()
  const session = useSession()
  const user = session?.user ?? null
  const scope = params.grid || params.village ? { grid: params.grid, village: params.village } : householdScopeOf(user)
  const [search, setSearch] = useState('')
  const [filters, setFilters] = useState<HouseholdFilter[]>([])
  const { items, isVisited, loading, error, offline, complete, hasMore, refresh, loadMore, markVisited } = useHouseholdList(scope, search, filters)
  const visit = useQuickVisit({ onRecorded: (record) => markVisited(record.householdId, record.at) })
  const listHeight = useListHeight()

  // Coming back from a household: show what was just saved.
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void refresh()
    shown.current = true
  })
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh())
  })

  const open = (id: string) => Taro.navigateTo({ url: withQuery(PAGES.household, { id }) })
  const create = () => Taro.navigateTo({ url: withQuery(PAGES.householdEdit, { grid: scope?.grid }) })
  const renderCard = (household: HouseholdSummary) => (
    <HouseholdCard household={household} visited={isVisited(household)} onOpen={open} onVisit={visit.open} />
  )

  return (
    <View className='households-page'>
      <View className='households-header'>
        <SearchBar
          className='households-search'
          placeholder='搜索姓名、地址或手机号'
          value={search}
          onChange={(value) => setSearch(value)}
        />
        <HouseholdFilterChips value={filters} onChange={setFilters} />
        <View className='households-toolbar'>
          <View className='muted'>
            {offline && <View className='households-offline'>离线</View>}
            <OutboxBadge />
            {countLine(items.length, { loading, complete, hasMore })}
          </View>
          <Button className='households-create' type='primary' size='small' onClick={create}>
            新增户
          </Button>
          {user?.role === 'village_admin' && (
            <Button className='households-import' size='small' onClick={() => Taro.navigateTo({ url: PAGES.rosterImport })}>
              导入名单
            </Button>
          )}
          {user?.role === 'village_admin' && (
            <Button className='households-manage' size='small' onClick={() => Taro.navigateTo({ url: PAGES.villageManage })}>
              村务管理
            </Button>
          )}
          {/* A village admin starts here, so 我的 (and 退出登录 in it) is one tap away. */}
          {user?.role === 'village_admin' && <MeButton />}
        </View>
        {error && <View className='error-text'>{error}</View>}
      </View>
      {items.length > 0 && (
        // Only the cards on screen are rendered, so a grid of thousands scrolls as smoothly as ten.
        <VirtualList
          key={String(listHeight)}
          className='households-list'
          list={items}
          itemHeight={HOUSEHOLD_CARD_HEIGHT}
          margin={CARD_GAP}
          itemEqual
          overscan={4}
          containerHeight={listHeight}
          itemRender={renderCard}
          onScroll={() => void loadMore()}
        />
      )}
      {!loading && !error && items.length === 0 && (
        <View className='households-empty muted'>{search || filters.length > 0 ? '没有找到符合条件的户' : '还没有登记任何户'}</View>
      )}
      {loading && items.length === 0 && <View className='households-empty muted'>加载中…</View>}
      <QuickVisitSheet visit={visit} />
    </View>
  )
}

/**
 * The count only when it is the whole list: while pages are still arriving a number would be wrong
 * (a worker once saw 共 65 户 turn into 76), so the line says 加载中… until then.
 */
function countLine(count: number, state: { loading: boolean; complete: boolean; hasMore: boolean }): string {
  // An empty list says 加载中… in its place instead.
  if (state.loading) return count > 0 ? '加载中…' : ''
  if (state.complete) return count > 0 ? `共 ${count} 户 · 待办在前` : ''
  // A village's list comes a page at a time as the admin scrolls: how many have come so far is no count.
  return state.hasMore ? '下滑加载更多 · 待办在前' : ''
}

/** The height left for the list under the header, measured once the header has rendered. */
function useListHeight(): number {
  const windowHeight = useMemo(() => Taro.getWindowInfo().windowHeight, [])
  const [headerBottom, setHeaderBottom] = useState(HEADER_ESTIMATE)
  // After the first render has reached the view, where layout can be measured.
  useReady(() => {
    // Best effort: where layout cannot be measured, the estimate serves.
    try {
      Taro.createSelectorQuery()
        .select('.households-header')
        .boundingClientRect((rect) => {
          const bottom = Array.isArray(rect) ? rect[0]?.bottom : rect?.bottom
          if (bottom) setHeaderBottom(Math.ceil(bottom))
        })
        .exec()
    } catch {
      // keep the estimate
    }
  })
  return Math.max(windowHeight - headerBottom, HOUSEHOLD_CARD_HEIGHT * 3)
}
