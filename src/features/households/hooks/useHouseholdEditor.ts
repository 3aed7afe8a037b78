import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import type { Grid, User } from '@/core/api'
import { errorMessage } from '@/services/api'
import { uuidv4 } from '@/services/ids'
import { getHousehold } from '@/services/gridCache'
import { enqueueMutations, getOutboxSnapshot, isPending, syncNow } from '@/services/outbox'
import { PAGES } from '@/routes'
import { fetchGrids, fetchHousehold } from '../api'
import {
  draftFromDetail,
  firstError,
  newHouseholdDraft,
  newMemberDraft,
  planSave,
  type AddressPart,
  type AppDraft,
  type DraftErrors,
  type HouseholdDraft,
  type MemberDraft
} from '../draft'

/** How long saving waits for the server before saying "待同步" and leaving the rest to the outbox. */
const SYNC_WAIT_MS = 3000
const NO_ERRORS: DraftErrors = { household: [], members: {} }

interface Options {
  /** The household to edit; absent for a new one. */
  id?: string
  /** The grid of a new household, when the caller knows it. */
  gridId?: string
  user: User | null
}

/** Loads (or starts) a household, keeps the form state, and saves it through the outbox. */
export function useHouseholdEditor({ id, gridId, user }: Options) {
  const [original, setOriginal] = useState<HouseholdDraft | null>(null)
  const [draft, setDraft] = useState<HouseholdDraft | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [errors, setErrors] = useState<DraftErrors>(NO_ERRORS)
  const [editingMemberId, setEditingMemberId] = useState<string | null>(null)
  const [grids, setGrids] = useState<Grid[]>([])
  const [saving, setSaving] = useState(false)

  useEffect(() => {
    if (id) {
      // The worker's own grid is on the phone, with changes not yet sent: edit what the worker sees,
      // with or without signal. Otherwise (a village admin, or a grid not pulled yet) ask the server.
      const cached = getHousehold(id)
      const load = cached ? Promise.resolve(cached) : fetchHousehold(id)
      load
        .then((detail) => {
          const loaded = draftFromDetail(detail)
          setOriginal(loaded)
          setDraft(loaded)
        })
        .catch((caught) => setLoadError(errorMessage(caught)))
      return
    }
    const defaultGrid = gridId ?? user?.scope.gridIds?.[0] ?? ''
    setDraft(newHouseholdDraft(uuidv4(), defaultGrid))
    // Without a grid of their own (a village admin), the worker picks one of the village's grids.
    const village = user?.scope.regionCode
    if (!defaultGrid && village) {
      fetchGrids(village)
        .then(setGrids)
        .catch((caught) => setLoadError(errorMessage(caught)))
    }
  }, [id, gridId, user])

  const update = (change: (current: HouseholdDraft) => HouseholdDraft) =>
    setDraft((current) => (current ? change(current) : current))

  const updateMember = (memberId: string, patch: Partial<MemberDraft>) =>
    update((current) => ({
      ...current,
      members: current.members.map((member) => (member.id === memberId ? { ...member, ...patch } : member))
    }))

  const actions = {
    setGrid: (value: string) => update((current) => ({ ...current, gridId: value })),
    setAddressPart: (part: AddressPart, value: string) =>
      update((current) => ({ ...current, address: { ...current.address, [part]: value } })),
    setNote: (note: string) => update((current) => ({ ...current, note })),
    addMember: () => {
      const memberId = uuidv4()
      update((current) => ({
        ...current,
        members: current.members.concat(newMemberDraft(memberId, current.members.length === 0))
      }))
      setEditingMemberId(memberId)
    },
    updateMember,
    updateApp: (memberId: string, patch: Partial<AppDraft>) =>
      update((current) => ({
        ...current,
        members: current.members.map((member) =>
          member.id === memberId ? { ...member, app: { ...member.app, ...patch } } : member
        )
      })),
    /** A household has one head: choosing one clears the others. */
    setHead: (memberId: string, isHead: boolean) =>
      update((current) => ({
        ...current,
        members: current.members.map((member) =>
          member.id === memberId ? { ...member, isHead } : isHead ? { ...member, isHead: false } : member
        )
      })),
    /** Removing a member already on the server deletes it there on save, so it asks first. */
    removeMember: async (memberId: string) => {
      if (original?.members.some((member) => member.id === memberId)) {
        const { confirm } = await Taro.showModal({ title: '删除成员', content: '保存后将删除该成员的登记信息，确定吗？' })
        if (!confirm) return
      }
      update((current) => ({ ...current, members: current.members.filter((member) => member.id !== memberId) }))
      setEditingMemberId(null)
    },
    editMember: setEditingMemberId
  }

  async function save() {
    if (!draft || saving) return
    if (!draft.gridId) {
      void Taro.showToast({ title: '请选择所属网格', icon: 'none' })
      return
    }
    const plan = planSave(original, draft, new Date())
    if (plan.errors) {
      setErrors(plan.errors)
      const memberWithError = Object.keys(plan.errors.members)[0]
      if (memberWithError) setEditingMemberId(memberWithError)
      void Taro.showToast({ title: firstError(plan.errors), icon: 'none' })
      return
    }
    setErrors(NO_ERRORS)
    if (plan.mutations.length === 0) {
      void Taro.showToast({ title: '没有修改', icon: 'none' })
      leave()
      return
    }
    setSaving(true)
    try {
      const mutations = enqueueMutations(plan.mutations)
      await Promise.race([syncNow(), delay(SYNC_WAIT_MS)])
      const ids = new Set(mutations.map((mutation) => mutation.id))
      const refused = getOutboxSnapshot().rejected.filter(({ mutation }) => ids.has(mutation.id))
      if (refused.length) {
        await Taro.showModal({ title: '已保存，但服务器未接受', content: refused[0].error.message, showCancel: false })
      } else {
        const waiting = mutations.some((mutation) => isPending(mutation.id))
        void Taro.showToast({ title: waiting ? '已保存，待同步' : '已保存', icon: waiting ? 'none' : 'success' })
      }
      setTimeout(leave, 800)
    } catch {
      // Only a storage failure lands here: nothing was saved, so say so.
      void Taro.showModal({ title: '保存失败', content: '手机存储空间不足或不可用，这次修改没有保存', showCancel: false })
    } finally {
      setSaving(false)
    }
  }

  return { draft, loadError, errors, editingMemberId, grids, saving, save, ...actions }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function leave() {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
  else void Taro.redirectTo({ url: PAGES.households })
}
