import type { Generated, Insertable, Selectable } from 'kysely'

/**
 * The database as Kysely sees it. The same schema runs on SQLite and PostgreSQL, so it keeps to
 * what both share: text for ids and ISO-8601 UTC timestamps, integers for booleans (0/1),
 * text holding JSON for small lists. Everything a region owns is keyed by its region code.
 * See docs/data-inventory.md for the purpose and legal basis of every column.
 */
export interface Database {
  regions: RegionTable
  grids: GridTable
  users: UserTable
  user_grids: UserGridTable
  staff_invites: StaffInviteTable
  sessions: SessionTable
  households: HouseholdTable
  members: MemberTable
  visits: VisitTable
  mutations: MutationTable
  change_log: ChangeLogTable
  record_history: RecordHistoryTable
  login_failures: LoginFailureTable
  settings: SettingTable
  invites: InviteTable
  uploads: UploadTable
  certifications: CertificationTable
  cases: CaseTable
  phone_check_failures: PhoneCheckFailureTable
  rule_sets: RuleSetTable
  activities: ActivityTable
  village_facts: VillageFactsTable
  audit_log: AuditLogTable
  village_daily: VillageDailyTable
  village_tallies: VillageTallyTable
  village_birth_year_tallies: VillageBirthYearTallyTable
}

export interface RegionTable {
  code: string
  name: string
  /** province | city | county | township | village */
  level: string
  parent_code: string | null
}

export interface GridTable {
  id: string
  name: string
  village_code: string
  created_at: string
}

export interface UserTable {
  id: string
  username: string | null
  /** scrypt$N$r$p$salt$hash; null for WeChat-only staff */
  password_hash: string | null
  name: string
  /** admin | official | village_admin | grid_worker */
  role: string
  /** The region the user acts for: city/county/township/village code; a grid worker's village. */
  scope_region_code: string | null
  wechat_openid: string | null
  created_at: string
  disabled_at: string | null
}

export interface UserGridTable {
  user_id: string
  grid_id: string
}

export interface StaffInviteTable {
  /** sha256 of the invitation code; the code itself is shown once to whoever created it. */
  code_hash: string
  name: string
  role: string
  scope_region_code: string
  /** The code encrypted with the field key (migration 013), so its issuer can list and revoke it; null before. */
  code_cipher: string | null
  /** For grid workers: JSON array of the grids they will work. */
  grid_ids: string | null
  created_by: string | null
  created_at: string
  expires_at: string
  used_by: string | null
  used_at: string | null
}

export interface SessionTable {
  /** sha256 of the bearer token: a stolen database yields no usable tokens. */
  token_hash: string
  /** null for a resident's (unbound WeChat) session */
  user_id: string | null
  wechat_openid: string | null
  /** A browser resident's identity, made by the server (migration 010); null otherwise. */
  resident_key: string | null
  /** A browser resident's session holds one invitation (sha256 of its token); null otherwise. */
  invite_token_hash: string | null
  created_at: string
  last_seen_at: string
  /** idle expiry, pushed forward on use */
  expires_at: string
  revoked_at: string | null
}

export interface HouseholdTable {
  /** The county the row's village lies in: the distribution key (migration 019, db/distribution.ts). */
  county_code: string
  id: string
  grid_id: string
  village_code: string
  address_group: string | null
  address_building: string | null
  address_unit: string | null
  address_door: string | null
  address_text: string | null
  /** The address with numbers zero-padded (2栋 before 10栋): the list order and its keyset cursor. */
  address_sort: string
  /** The address as the card shows it (core formatAddress): what the list's search matches. */
  address_line: string
  note: string | null
  version: number
  created_at: string
  created_by: string
  updated_at: string
  updated_by: string
  deleted_at: string | null
  deleted_by: string | null
}

export interface MemberTable {
  /** The county the row's village lies in: the distribution key (migration 019, db/distribution.ts). */
  county_code: string
  id: string
  household_id: string
  name: string
  /** male | female | unknown */
  gender: string
  birth_year: number | null
  /** AES-256-GCM ciphertext (base64) and keyed hash (HMAC-SHA256, hex) for look-up */
  phone_enc: string | null
  phone_hash: string | null
  /** Keyed hash of the number masked (138****1234): a searched number finds the members it masks like. */
  phone_mask_hash: string | null
  id_number_enc: string | null
  id_number_hash: string | null
  relation: string | null
  /** yes | no | unknown */
  smartphone: string
  /** null when at home */
  away_place: string | null
  /** JSON array of priority tags */
  tags: string
  is_head: number
  /** null until recorded: not_installed | installed_unregistered | registered | refused */
  app_status: string | null
  app_alerts_on: number | null
  app_region: string | null
  /** self_declared | screenshot | in_person */
  app_evidence: string | null
  app_reason: string | null
  app_recorded_by: string | null
  app_updated_at: string | null
  version: number
  created_at: string
  created_by: string
  updated_at: string
  updated_by: string
  deleted_at: string | null
  deleted_by: string | null
}

export interface VisitTable {
  /** The county the row's village lies in: the distribution key (migration 019, db/distribution.ts). */
  county_code: string
  id: string
  household_id: string
  worker_id: string
  /** in_person | phone | other */
  kind: string
  at: string
  /** JSON array of actions */
  actions: string
  note: string | null
  created_at: string
}

/** Keyed by (user_id, id): a mutation id belongs to the user who first sent it. */
export interface MutationTable {
  /** The county the row's village lies in: the distribution key (migration 019, db/distribution.ts). */
  county_code: string
  /** The client's mutation id: a second delivery by the same user finds this row and replays `result`. */
  id: string
  client_id: string
  user_id: string
  type: string
  /** applied | rejected */
  status: string
  /** JSON of the MutationResult returned the first time */
  result: string
  received_at: string
}

export interface ChangeLogTable {
  /** The county the row's village lies in: the distribution key (migration 019, db/distribution.ts). */
  county_code: string
  /** Monotonic server order: the sync cursor. */
  seq: Generated<number>
  /** household | member | visit | certification */
  entity: string
  entity_id: string
  grid_id: string
  village_code: string
  /** upsert | delete */
  op: string
  mutation_id: string | null
  at: string
}

export interface RecordHistoryTable {
  /** The county the row's village lies in: the distribution key (migration 019, db/distribution.ts). */
  county_code: string
  id: Generated<number>
  /** household | member | visit */
  entity: string
  entity_id: string
  /** The grid the record was in when the value was overwritten. */
  grid_id: string
  /** The field as the API names it: `note`, `address.door`, `phone`, `app.evidence` */
  field: string
  /** JSON of the value that was replaced (phone and ID numbers masked, never plaintext) */
  old_value: string
  /** JSON of the value that replaced it (`null` when cleared), masked likewise */
  new_value: string
  mutation_id: string
  actor_id: string
  at: string
}

export type RegionRow = Selectable<RegionTable>
export type GridRow = Selectable<GridTable>
export type UserRow = Selectable<UserTable>
export type SessionRow = Selectable<SessionTable>
export type HouseholdRow = Selectable<HouseholdTable>
export type NewHousehold = Insertable<HouseholdTable>
export type MemberRow = Selectable<MemberTable>
export type NewMember = Insertable<MemberTable>
export type VisitRow = Selectable<VisitTable>

/** Consecutive failed password logins per typed login name (keyed hash), for every name, known or not. */
/** Failed password logins, per keyed hash of (name, address) and of the name alone. */
export interface LoginFailureTable {
  login_key: string
  /** Consecutive failures since the last lock or success. */
  failures: number
  locked_until: string | null
  /** Per-name keys: consecutive lockouts, which double the next one. */
  lockouts: Generated<number>
  /** When it last counted a failure (migration 015): retention forgets an unlocked counter a while after. */
  last_failed_at: string | null
}

/** One wrong answer to a member's phone last four digits, by resident identity or invitation (migration 010). */
export interface PhoneCheckFailureTable {
  /** A resident identity (WeChat openid or `web:<uuid>`) or `invite:<token hash>`. */
  failure_key: string
  failed_at: string
}

/** Facts about the installation itself, e.g. `demo` = '1' for a database made by demo mode. */
export interface SettingTable {
  key: string
  value: string
}

/** A household invitation (QR code) a grid worker hands to its residents. */
export interface InviteTable {
  /** The county the row's village lies in: the distribution key (migration 019, db/distribution.ts). */
  county_code: string
  /** sha256 of the token; the token itself is only in the QR code. */
  token_hash: string
  household_id: string
  created_by: string
  created_at: string
  expires_at: string
  revoked_at: string | null
}

/** A resident's screenshot, stored under WUZHA_DATA_DIR/uploads with its metadata stripped. */
export interface UploadTable {
  id: string
  /** The resident identity that uploaded it (a WeChat openid or `web:<uuid>`): only they can attach it. */
  owner_openid: string
  /** Relative to WUZHA_DATA_DIR; '' once the file is deleted (purged, or risky by the content check). */
  path: string
  sha256: string
  size: number
  /** image/jpeg | image/png, from the magic bytes */
  mime: string
  /** Set when a certification attaches it: reviewers of this household may see it. */
  household_id: string | null
  created_at: string
  /** WeChat's content check: unchecked | pending | pass | risky | review (src/core/certification.ts). */
  check_state: Generated<string>
  /** media_check_async's trace_id, which its pushed result carries. */
  check_trace_id: string | null
  check_requested_at: string | null
  /** When retention (or the orphan rule) deleted the file. */
  purged_at: string | null
}

/** A resident's declaration of a member's app status, waiting for the grid worker's review. */
export interface CertificationTable {
  /** The county the row's village lies in: the distribution key (migration 019, db/distribution.ts). */
  county_code: string
  id: string
  household_id: string
  member_id: string
  invite_token_hash: string
  /** The resident identity that submitted it: a WeChat openid or `web:<uuid>` (a browser session). */
  resident_openid: string
  /** not_installed | installed_unregistered | registered | refused (as member.app) */
  status: string
  alerts_on: number
  region: string | null
  upload_id: string | null
  /** pending | accepted | rejected */
  state: string
  /** Why it was rejected. */
  reason: string | null
  created_at: string
  decided_by: string | null
  decided_at: string | null
}

export type CertificationRow = Selectable<CertificationTable>
/** 涉诈案件 (DESIGN §2): no victim names; the age band only for the anonymised warnings. */
export interface CaseTable {
  /** The county the row's village lies in: the distribution key (migration 019, db/distribution.ts). */
  county_code: string
  id: string
  village_code: string
  /** YYYY-MM-DD */
  occurred_on: string
  /** incident | suspect | den */
  kind: string
  /** src/core/fraud.ts FRAUD_TYPES */
  fraud_type: string
  loss_yuan: number | null
  /** src/core/fraud.ts AGE_BANDS */
  victim_age_band: string | null
  note: string | null
  created_by: string | null
  created_at: string
}

/** A version of the score's rules (DESIGN §3); versions are only ever added. */
export interface RuleSetTable {
  id: string
  version: number
  /** src/core/scoring/ruleSet.ts RuleSetRules as JSON */
  json: string
  /** The admin who saved it; null for the default the server wrote itself. */
  created_by: string | null
  created_at: string
}
/** 宣传活动 (DESIGN §2): of a village or a township (region_code 12 or 9 digits). */
export interface ActivityTable {
  /** The county the row's village lies in: the distribution key (migration 019, db/distribution.ts). */
  county_code: string
  id: string
  region_code: string
  /** YYYY-MM-DD */
  occurred_on: string
  title: string
  /** src/core/campaign.ts ACTIVITY_KINDS */
  kind: string
  participants: number
  created_by: string
  created_at: string
}

/** A village's volunteer team and 96110 warning counts, as its village admin keeps them. */
export interface VillageFactsTable {
  /** The county the row's village lies in: the distribution key (migration 019, db/distribution.ts). */
  county_code: string
  village_code: string
  volunteer_team: number
  warnings_received: number
  warnings_followed_up: number
  updated_by: string
  updated_at: string
}

/** Append-only, hash-chained (modules/audit): who did what, when, with what result. Never a phone or ID number. */
export interface AuditLogTable {
  seq: number
  at: string
  actor_id: string | null
  actor_role: string | null
  action: string
  target: string
  result: string
  /** Canonical JSON (sorted keys), hashed as stored. */
  details: string
  prev_hash: string
  hash: string
}
export type AuditLogRow = Selectable<AuditLogTable>

/** A village's dashboard figures at the end of a day (China time), kept for the trend (migration 013). */
export interface VillageDailyTable {
  /** The county the row's village lies in: the distribution key (migration 019, db/distribution.ts). */
  county_code: string
  village_code: string
  /** YYYY-MM-DD, China time */
  day: string
  households: number
  eligible: number
  registered: number
  /** Households visited in the day's quarter up to the end of the day. */
  visited_households: number
  /** 0 | 1 */
  certified: number
  /** null when the village had no households */
  points: number | null
  rule_set_version: number
  updated_at: string
}

/**
 * Dashboard counts kept by the write path (migration 018, modules/dashboard/villageTallies.ts): per village
 * and quarter ('' = the live roster, 'YYYYQn' = the households visited in that quarter), ages in the base year.
 */
export interface VillageTallyTable {
  /** The county the row's village lies in: the distribution key (migration 019, db/distribution.ts). */
  county_code: string
  village_code: string
  quarter: string
  households: Generated<number>
  eligible: Generated<number>
  registered: Generated<number>
  priority: Generated<number>
  covered: Generated<number>
}

/** The age-free counts of village_tallies split by birth year: they correct the base year's ages to any year. */
export interface VillageBirthYearTallyTable {
  /** The county the row's village lies in: the distribution key (migration 019, db/distribution.ts). */
  county_code: string
  quarter: string
  birth_year: number
  village_code: string
  phone_ready: Generated<number>
  phone_ready_registered: Generated<number>
  untagged: Generated<number>
  untagged_reached: Generated<number>
}
