import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import type { DailyReport } from '@/core/dailyReport'
import { api, errorMessage } from '@/services/api'

/**
 * Today's daily report of a township (GET /reports/daily), fetched fresh on each tap so the copy is
 * never stale, and what to do with it: copy its text for the WeChat group, or hand it to `share`.
 */
export function useDailyReport(regionCode: string) {
  const [busy, setBusy] = useState(false)

  const withReport = useCallback(
    async (act: (report: DailyReport) => Promise<void>) => {
      setBusy(true)
      try {
        await act(await api.get<DailyReport>('/reports/daily', { region: regionCode }))
      } catch (caught) {
        void Taro.showToast({ title: errorMessage(caught), icon: 'none' })
      } finally {
        setBusy(false)
      }
    },
    [regionCode]
  )

  const copy = useCallback(
    () =>
      withReport(async (report) => {
        await Taro.setClipboardData({ data: report.text })
        void Taro.showToast({ title: '已复制，可粘贴到工作群', icon: 'none' })
      }),
    [withReport]
  )

  return { busy, copy, withReport }
}
