import { z } from 'zod'
import { freeTextField } from './freeText'

const addressPart = freeTextField(40)

export const addressSchema = z.strictObject({
  group: addressPart.optional(),
  building: addressPart.optional(),
  unit: addressPart.optional(),
  door: addressPart.optional(),
  text: freeTextField(120).optional()
})
export type Address = z.infer<typeof addressSchema>

export const householdUpsertSchema = z.strictObject({
  id: z.uuid('格式不正确'),
  gridId: z.uuid('格式不正确'),
  address: addressSchema.refine((a) => Object.values(a).some((part) => part && part.length > 0), '至少填写一项'),
  note: freeTextField(200).optional()
})
export type HouseholdUpsert = z.infer<typeof householdUpsertSchema>

export const householdDeleteSchema = z.strictObject({ id: z.uuid('格式不正确') })

/** A village admin moves a household (with its members, visits and certifications) to another grid of the village. */
export const householdMoveSchema = z.strictObject({ id: z.uuid('格式不正确'), gridId: z.uuid('格式不正确') })

/** How an address reads on a card: 三组 5栋 2单元 301 东头. */
export function formatAddress(address: Address): string {
  const parts = [
    address.group,
    address.building && withSuffix(address.building, '栋'),
    address.unit && withSuffix(address.unit, '单元'),
    address.door && withSuffix(address.door, '号'),
    address.text
  ]
  return parts.filter((part): part is string => Boolean(part && part.trim())).join(' ')
}

function withSuffix(value: string, suffix: string): string {
  return /^\d+$/.test(value) ? `${value}${suffix}` : value
}
