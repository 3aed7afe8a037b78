import { validationFailed } from '../../errors'

/**
 * The `region` query parameter of the campaign lists, required. Checked here rather than by the query
 * schema: the shared label of a field named `region` is the member's 常驻地区, and this one is 地区.
 */
export function requiredRegion(region: string | undefined): string {
  if (region === undefined || region === '') throw validationFailed([{ field: 'region', message: '地区必须填写' }])
  return region
}
