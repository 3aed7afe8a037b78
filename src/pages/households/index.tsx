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
  const [filter, setFilter] = useState<HouseholdFilter | null>(null)
  const { items, isVisited, loading, error, offline, paged, hasMore, refresh, loadMore, markVisited } = useHouseholdList(scope, search, filter)
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
        <HouseholdFilterChips value={filter} onChange={setFilter} />
        <View className='households-toolbar'>
          <View className='muted'>
            {offline && <View className='households-offline'>离线</View>}
            <OutboxBadge />
            {items.length > 0 &&
              (paged
                ? `已加载 ${items.length} 户${loading ? '，加载中…' : hasMore ? '，下滑加载更多' : ''} · 待办在前`
                : `共 ${items.length} 户 · 待办在前`)}
          </View>
          <Button className='households-create' type='primary' size='small' onClick={create}>
            新增户
          </Button>
          {user?.role === 'village_admin' && (
            <Button className='households-import' size='small' onClick={() => Taro.navigateTo({ url: PAGES.rosterImport })}>
              导入名单
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
        <View className='households-empty muted'>{search || filter ? '没有找到符合条件的户' : '还没有登记任何户'}</View>
      )}
      {loading && items.length === 0 && <View className='households-empty muted'>加载中…</View>}
      <QuickVisitSheet visit={visit} />
    </View>
  )
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
