import { useEffect, useState } from 'react'
import type { User } from '@/core/api'
import { api } from '@/services/api'
import { gridName } from '@/services/gridCache'

/**
 * Where the person works, in words: "大阳村委会 · 第一网格". The region's name comes from the server;
 * without signal its code stands in. Grid names are those the phone remembered from the home screen.
 */
export function useScopeLine(user: User | null): string {
  const code = user?.scope.regionCode ?? null
  const [regionName, setRegionName] = useState<string | null>(null)

  useEffect(() => {
    if (!code) return
    let current = true
    api
      .get<{ name: string }>(`/regions/${encodeURIComponent(code)}`)
      .then((region) => current && setRegionName(region.name))
      // Without signal the code says where; the name follows on the next visit.
      .catch(() => undefined)
    return () => {
      current = false
    }
  }, [code])

  if (!user) return ''
  const region = regionName ?? (code ? `地区 ${code}` : '全部地区')
  const gridIds = user.scope.gridIds ?? []
  const names = gridIds.map((id) => gridName(id))
  if (gridIds.length === 0) return region
  const grids = names.every(Boolean) ? names.join('、') : `${gridIds.length} 个网格`
  return `${region} · ${grids}`
}
