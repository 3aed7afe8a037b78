import { useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, SearchBar } from '@nutui/nutui-react-taro'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/searchbar/style/css'
import { useSession } from '@/hooks/useSession'
import { householdScopeOf } from '@/features/households/scope'
import { useHouseholdList } from '@/features/households/hooks/useHouseholdList'
import { HouseholdCard } from '@/features/households/components/HouseholdCard'
import { LogoutButton } from '@/features/auth/components/LogoutButton'
import { PAGES, withQuery } from '@/routes'
import './index.css'

export default function HouseholdsPage() {
  const { params } = useRouter<{ grid?: string; village?: string }>()
  const session = useSession()
  const user = session?.user ?? null
  const scope = params.grid || params.village ? { grid: params.grid, village: params.village } : householdScopeOf(user)
  const [search, setSearch] = useState('')
  const { items, loading, error, hasMore, refresh, loadMore } = useHouseholdList(scope, search)

  // Coming back from editing a household: show what was just saved.
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void refresh()
    shown.current = true
  })
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => {
    void loadMore()
  })

  const open = (id: string) => Taro.navigateTo({ url: withQuery(PAGES.householdEdit, { id }) })
  const create = () => Taro.navigateTo({ url: withQuery(PAGES.householdEdit, { grid: scope?.grid }) })

  return (
    <View className='page'>
      <SearchBar
        className='households-search'
        placeholder='搜索户主姓名或地址'
        value={search}
        onChange={(value) => setSearch(value)}
      />
      <Button className='households-create' type='primary' block onClick={create}>
        新增户
      </Button>
      {error && <View className='error-text'>{error}</View>}
      {items.map((household) => (
        <HouseholdCard key={household.id} household={household} onOpen={open} />
      ))}
      {!loading && !error && items.length === 0 && (
        <View className='households-empty muted'>{search ? '没有找到符合条件的户' : '还没有登记任何户'}</View>
      )}
      {loading && <View className='households-empty muted'>加载中…</View>}
      {hasMore && !loading && (
        <Button block fill='none' onClick={() => void loadMore()}>
          加载更多
        </Button>
      )}
      {user?.role === 'village_admin' && <LogoutButton />}
    </View>
  )
}
