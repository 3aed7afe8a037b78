import { VISIT_ACTIONS, type VisitAction, type VisitKind } from '@/core/visit'
import { parseMutationPayload, type MutationPayload } from '@/core/mutations'
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

/** The `visit.record` payload for a draft, checked with the core schema; actions in their canonical order. */
export function planVisitRecord(id: string, householdId: string, at: string, draft: VisitDraft): VisitRecordPlan {
  const note = draft.note.trim()
  const parsed = parseMutationPayload('visit.record', {
    id,
    householdId,
    kind: draft.kind,
    at,
    actions: VISIT_ACTIONS.filter((action) => draft.actions.includes(action)),
    ...(note ? { note } : {})
  })
  if (!parsed.success) return { payload: null, errors: toFieldErrors(parsed.error.issues) }
  return { payload: parsed.data, errors: null }
}
