import { useCallback, useEffect, useState } from 'react'
import type { ActivityRecord } from '@/core/campaign'
import { api, errorMessage } from '@/services/api'

/** The activities that count for a region (GET /activities?region=): for a village, its township's too. */
export function useActivities(regionCode: string | undefined) {
  const [items, setItems] = useState<ActivityRecord[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(async () => {
    if (!regionCode) return
    setError(null)
    try {
      setItems((await api.get<{ items: ActivityRecord[] }>('/activities', { region: regionCode })).items)
    } catch (caught) {
      setError(errorMessage(caught))
    }
  }, [regionCode])
  useEffect(() => {
    void load()
  }, [load])

  return { items, error, reload: load }
}
