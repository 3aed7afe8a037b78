import { VISIT_ACTIONS, type VisitAction, type VisitKind } from '@/core/visit'
import { parseMutationPayload, type MutationPayload } from '@/core/mutations'
import { mutationTimeErrors } from '@/core/timeRules'
import { toFieldErrors, type FieldError } from '@/core/validation'

/**
 * What a quick visit starts with: at the door, explaining typical cases and handing out leaflets is
 * what nearly every 入户宣传 visit does, so saving it takes one tap after opening the sheet.
 */
export const DEFAULT_VISIT_KIND: VisitKind = 'in_person'
export const DEFAULT_VISIT_ACTIONS: ReadonlyArray<VisitAction> = ['cases_explained', 'materials_given']

export interface VisitDraft {
  kind: VisitKind
  actions: ReadonlyArray<VisitAction>
  note: string
}

export type VisitRecordPlan = { payload: MutationPayload<'visit.record'>; errors: null } | { payload: null; errors: FieldError[] }

/**
 * The `visit.record` payload for a draft, checked with the core schema and time rules; actions in their
 * canonical order. `now` is the phone's clock: a visit stamped with a clock reset to 1970 is refused here,
 * with a hint to check the phone's time, rather than later by the server.
 */
export function planVisitRecord(id: string, householdId: string, at: string, draft: VisitDraft, now: Date): VisitRecordPlan {
  const note = draft.note.trim()
  const payload = {
    id,
    householdId,
    kind: draft.kind,
    at,
    actions: VISIT_ACTIONS.filter((action) => draft.actions.includes(action)),
    ...(note ? { note } : {})
  }
  const parsed = parseMutationPayload('visit.record', payload)
  const errors = [...(parsed.success ? [] : toFieldErrors(parsed.error.issues)), ...mutationTimeErrors('visit.record', payload, now)]
  if (!parsed.success || errors.length > 0) return { payload: null, errors }
  return { payload: parsed.data, errors: null }
}
