import { useCallback, useMemo, useState } from 'react'
import Taro from '@tarojs/taro'
import type { RuleSet } from '@/core/scoring'
import { errorsByField, type FieldError } from '@/core/validation'
import { ApiError, api, errorMessage } from '@/services/api'
import { formOf, readRuleSetForm, type RuleSetForm } from './ruleSetForm'

/** A stored version as GET /rulesets/current and PUT /rulesets answer it. */
export type StoredRuleSet = RuleSet & { createdAt: string }

/**
 * The rule set in force and, for the admin, the form that saves the next version: checked as it is typed
 * with the server's schema (readRuleSetForm), confirmed, then PUT /rulesets; the server's field messages
 * replace the form's own until the next edit.
 */
export function useRuleSet() {
  const [ruleSet, setRuleSet] = useState<StoredRuleSet | null>(null)
  const [form, setForm] = useState<RuleSetForm>({})
  const [serverErrors, setServerErrors] = useState<Record<string, string> | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [savedVersion, setSavedVersion] = useState<number | null>(null)

  const show = useCallback((loaded: StoredRuleSet) => {
    setRuleSet(loaded)
    setForm(formOf(loaded))
    setServerErrors(null)
  }, [])

  const load = useCallback(async () => {
    setError(null)
    try {
      show(await api.get<StoredRuleSet>('/rulesets/current'))
    } catch (caught) {
      setError(errorMessage(caught))
    }
  }, [show])

  const read = useMemo(() => readRuleSetForm(form), [form])

  const setField = (path: string, value: string) => {
    setForm((current) => ({ ...current, [path]: value }))
    setServerErrors(null)
    setSavedVersion(null)
  }

  const save = async () => {
    if (!ruleSet || !read.rules) return
    const { confirm } = await Taro.showModal({
      title: '保存为新版本',
      content: `保存后为第${ruleSet.version + 1}版，此后计算的评分和达标情况都使用新版本，确定保存吗？`
    })
    if (!confirm) return
    setSaving(true)
    setError(null)
    try {
      const saved = await api.put<StoredRuleSet>('/rulesets', read.rules)
      show(saved)
      setSavedVersion(saved.version)
    } catch (caught) {
      setServerErrors(errorsByField(caught instanceof ApiError ? (caught.details as FieldError[]) : []))
      setError(errorMessage(caught))
    } finally {
      setSaving(false)
    }
  }

  return {
    ruleSet,
    form,
    setField,
    errors: serverErrors ?? read.errors,
    totalPoints: read.totalPoints,
    canSave: read.rules !== null && !saving,
    save,
    saving,
    savedVersion,
    error,
    reload: load
  }
}
