import type { MutationResult } from './mutations'

/** The report of `POST /api/v1/imports/households` (a roster .xlsx), shared by the import page and the server. */

export interface CellError {
  /** The Chinese header of the column, as in the spreadsheet. */
  column: string
  message: string
}

export type DuplicateReason = 'file_address_name' | 'file_phone' | 'existing_address_name' | 'existing_phone'

export interface DuplicateOf {
  reason: DuplicateReason
  /** The earlier row of the same file. */
  row?: number
  /** The registered household and member, when the caller's scope covers them. */
  householdId?: string
  memberId?: string
}

export interface ImportRowReport {
  /** Excel row number, as the spreadsheet shows it. */
  row: number
  status: 'accepted' | 'error' | 'duplicate'
  /** The household's address as it reads; rows with the same one form one household. */
  householdKey: string
  /** Set once written (dryRun=false), or in a dry run for a household that is already registered. */
  householdId?: string
  memberId?: string
  errors?: CellError[]
  duplicateOf?: DuplicateOf
}

export interface ImportReport {
  dryRun: boolean
  sheet: string
  ignoredColumns: string[]
  households: { new: number; existing: number }
  members: { accepted: number; rejected: number; duplicates: number }
  rows: ImportRowReport[]
  mutations?: { applied: number; duplicate: number; rejected: number; results: MutationResult[] }
}
