import type { LightMyRequestResponse } from 'fastify'
import type { MutationResult, MutationType } from '../../src/core/mutations'
import type { TestServer } from './harness'
import { uuid } from './fixtures'

/** The device install that pushes in these tests. */
export const CLIENT_ID = '6f1d2c3b-4a59-4e8f-9d7c-0b1a2c3d4e5f'

export interface Envelope {
  id: string
  type: MutationType
  payload: unknown
  at: string
}

export function mutation(type: MutationType, payload: unknown, id: string = uuid()): Envelope {
  return { id, type, payload, at: '2026-11-15T10:00:00+08:00' }
}

export function householdUpsert(payload: { id: string; gridId: string; address?: Record<string, string>; note?: string }): Envelope {
  return mutation('household.upsert', { address: { group: '三组', door: '12' }, ...payload })
}

export function memberUpsert(payload: { id: string; householdId: string } & Record<string, unknown>): Envelope {
  return mutation('member.upsert', { name: '王秀兰', smartphone: 'yes', birthYear: 1970, ...payload })
}

export function memberApp(payload: { memberId: string } & Record<string, unknown>): Envelope {
  return mutation('member.app', { status: 'registered', alertsOn: true, evidence: 'in_person', ...payload })
}

export function visitRecord(payload: { id: string; householdId: string } & Record<string, unknown>): Envelope {
  return mutation('visit.record', { kind: 'in_person', at: '2026-11-14T09:30:00+08:00', actions: ['cases_explained'], ...payload })
}

export function pushRaw(server: TestServer, auth: { authorization: string }, body: unknown): Promise<LightMyRequestResponse> {
  return server.app.inject({ method: 'POST', url: '/api/v1/sync/push', headers: auth, payload: body as object })
}

/** Pushes and expects 200; returns the per-mutation results. */
export async function push(server: TestServer, auth: { authorization: string }, mutations: Envelope[]): Promise<MutationResult[]> {
  const response = await pushRaw(server, auth, { clientId: CLIENT_ID, mutations })
  if (response.statusCode !== 200) throw new Error(`push failed: ${response.statusCode} ${response.body}`)
  return response.json().results
}
