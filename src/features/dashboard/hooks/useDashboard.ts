import { useCallback, useState } from 'react'
import type { Dashboard, RegionDetail } from '@/core/api'
import { regionLevel } from '@/core/regions'
import type { RuleSet } from '@/core/scoring'
import { api, errorMessage } from '@/services/api'

/** Regions with a dashboard (API.md): a township's villages, a county's villages, a city's counties. */
const DASHBOARD_LEVELS = new Set(['township', 'county', 'city'])

/**
 * The dashboard of a township, county or city for a period, with the rule set's pass line (the table's
 * 距达标) and, for a county, its townships (to group the villages under). Scopes above a city (a
 * province) have no dashboard, so for them the hook loads the region's children to pick one from.
 */
export function useDashboard(regionCode: string | undefined, period: string) {
  const [dashboard, setDashboard] = useState<Dashboard | null>(null)
  const [region, setRegion] = useState<RegionDetail | null>(null)
  const [passPoints, setPassPoints] = useState<number | null>(null)
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
      if (DASHBOARD_LEVELS.has(level)) {
        const [loaded, rules, detail] = await Promise.all([
          api.get<Dashboard>(`/dashboard/${regionCode}`, { period }),
          api.get<RuleSet>('/rulesets/current'),
          level === 'county' ? api.get<RegionDetail>(`/regions/${regionCode}`) : Promise.resolve(null)
        ])
        setDashboard(loaded)
        setPassPoints(rules.passPoints)
        setRegion(detail)
      } else {
        setRegion(await api.get<RegionDetail>(`/regions/${regionCode}`))
      }
    } catch (caught) {
      setError(errorMessage(caught))
    } finally {
      setLoading(false)
    }
  }, [regionCode, period])

  return { dashboard, region, passPoints, error, loading, reload: load }
}
