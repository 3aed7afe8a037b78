import { useCallback, useState } from 'react'
import type { Dashboard, DashboardVillage, RegionDetail } from '@/core/api'
import { regionLevel } from '@/core/regions'
import { api, errorMessage } from '@/services/api'

/** Weakest first: officials go where registration lags. */
export function villagesByCoverage(villages: ReadonlyArray<DashboardVillage>): DashboardVillage[] {
  return [...villages].sort((a, b) => a.appCoverage - b.appCoverage || a.name.localeCompare(b.name, 'zh-CN'))
}

/**
 * The dashboard of a township or county. Scopes above a county (an admin's city) have no dashboard
 * of their own, so for them the hook loads the region's children to pick one from.
 */
export function useDashboard(regionCode: string | undefined) {
  const [dashboard, setDashboard] = useState<Dashboard | null>(null)
  const [region, setRegion] = useState<RegionDetail | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)

  const load = useCallback(async () => {
    if (!regionCode) {
      setError('当前账号没有管辖区域')
      return
    }
    setLoading(true)
    setError(null)
    try {
      const level = regionLevel(regionCode)
      if (level === 'township' || level === 'county') {
        setDashboard(await api.get<Dashboard>(`/dashboard/${regionCode}`))
      } else {
        setRegion(await api.get<RegionDetail>(`/regions/${regionCode}`))
      }
    } catch (caught) {
      setError(errorMessage(caught))
    } finally {
      setLoading(false)
    }
  }, [regionCode])

  return { dashboard, region, error, loading, reload: load }
}
