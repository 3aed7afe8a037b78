import { useCallback, useEffect, useState } from 'react'
import type { StaffInvite, StaffInviteCreated } from '@/core/staff'
import { CST_OFFSET_MS } from '@/core/period'
import { api, errorMessage } from '@/services/api'

/** The village's live staff invitation codes; issuing one for grid workers of chosen grids, and revoking. */
export function useStaffInvites(villageCode: string | undefined) {
  const [invites, setInvites] = useState<StaffInvite[]>([])
  const [error, setError] = useState<string | null>(null)

  const reload = useCallback(async () => {
    if (!villageCode) return
    setError(null)
    try {
      setInvites((await api.get<{ items: StaffInvite[] }>('/staff-invites', { region: villageCode })).items)
    } catch (caught) {
      setError(errorMessage(caught))
    }
  }, [villageCode])

  useEffect(() => {
    void reload()
  }, [reload])

  const create = async (gridIds: string[], name: string): Promise<StaffInviteCreated> => {
    const created = await api.post<StaffInviteCreated>('/staff-invites', {
      role: 'grid_worker',
      regionCode: villageCode,
      gridIds,
      ...(name.trim() && { name: name.trim() })
    })
    await reload()
    return created
  }

  const revoke = async (code: string): Promise<void> => {
    await api.delete(`/staff-invites/${encodeURIComponent(code)}`)
    setInvites((current) => current.filter((invite) => invite.code !== code))
  }

  return { invites, error, reload, create, revoke }
}

/** 12月9日 14:05 前有效 (China time, where the campaign runs). */
export function expiryLine(expiresAt: string): string {
  const china = new Date(Date.parse(expiresAt) + CST_OFFSET_MS)
  const hhmm = `${String(china.getUTCHours()).padStart(2, '0')}:${String(china.getUTCMinutes()).padStart(2, '0')}`
  return `${china.getUTCMonth() + 1}月${china.getUTCDate()}日 ${hhmm} 前有效`
}
