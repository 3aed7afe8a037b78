import { useState } from 'react'
import Taro from '@tarojs/taro'
import dayjs from 'dayjs'
import type { VisitAction, VisitKind } from '@/core/visit'
import type { MutationPayload } from '@/core/mutations'
import { summarizeFieldErrors } from '@/core/validation'
import { uuidv4 } from '@/services/ids'
import { enqueueMutations, getOutboxSnapshot, isPending, syncNow } from '@/services/outbox'
import { DEFAULT_VISIT_ACTIONS, DEFAULT_VISIT_KIND, planVisitRecord, type VisitDraft } from '../quickVisit'

/** How long saving waits for the server before saying "待同步" and leaving the rest to the outbox. */
const SYNC_WAIT_MS = 3000

/** The household a visit is being recorded for. */
export interface VisitTarget {
  id: string
  addressText: string
}

export type RecordedVisit = MutationPayload<'visit.record'>

interface Options {
  /** Called once the visit is in the outbox, to show it before the server has it. */
  onRecorded?: (visit: RecordedVisit) => void
}

function freshDraft(): VisitDraft {
  return { kind: DEFAULT_VISIT_KIND, actions: DEFAULT_VISIT_ACTIONS, note: '' }
}

/**
 * The quick-visit sheet's state and its save: one `visit.record` mutation through the outbox, then a
 * short wait for the server so the toast can say whether it already arrived (已记录) or waits (待同步).
 */
export function useQuickVisit({ onRecorded }: Options = {}) {
  const [target, setTarget] = useState<VisitTarget | null>(null)
  const [draft, setDraft] = useState<VisitDraft>(freshDraft)
  const [saving, setSaving] = useState(false)

  const open = (household: VisitTarget) => {
    setDraft(freshDraft())
    setTarget(household)
  }
  const close = () => {
    if (!saving) setTarget(null)
  }

  async function save() {
    if (!target || saving) return
    const now = new Date()
    const plan = planVisitRecord(uuidv4(), target.id, dayjs(now).format(), draft, now)
    if (plan.errors) {
      void Taro.showToast({ title: summarizeFieldErrors(plan.errors), icon: 'none' })
      return
    }
    setSaving(true)
    try {
      const [mutation] = enqueueMutations([{ type: 'visit.record', payload: plan.payload }])
      onRecorded?.(plan.payload)
      await Promise.race([syncNow(), delay(SYNC_WAIT_MS)])
      setTarget(null)
      const refused = getOutboxSnapshot().rejected.find((rejected) => rejected.mutation.id === mutation.id)
      if (refused) {
        await Taro.showModal({ title: '已记录，但服务器未接受', content: refused.error.message, showCancel: false })
      } else {
        const waiting = isPending(mutation.id)
        void Taro.showToast({ title: waiting ? '已记录，待同步' : '已记录', icon: waiting ? 'none' : 'success' })
      }
    } catch {
      // Only a storage failure lands here: nothing was saved, so say so.
      void Taro.showModal({ title: '记录失败', content: '手机存储空间不足或不可用，这次走访没有保存', showCancel: false })
    } finally {
      setSaving(false)
    }
  }

  return {
    target,
    draft,
    saving,
    open,
    close,
    save,
    setKind: (kind: VisitKind) => setDraft((current) => ({ ...current, kind })),
    setActions: (actions: VisitAction[]) => setDraft((current) => ({ ...current, actions })),
    setNote: (note: string) => setDraft((current) => ({ ...current, note }))
  }
}

export type QuickVisit = ReturnType<typeof useQuickVisit>

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
