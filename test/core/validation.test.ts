import fc from 'fast-check'
import { memberUpsertSchema } from '../../src/core/member'
import { memberAppSchema } from '../../src/core/appStatus'
import { householdUpsertSchema } from '../../src/core/household'
import { pushRequestSchema } from '../../src/core/mutations'
import { isValidPhone } from '../../src/core/phone'
import { errorsByField, summarizeFieldErrors, toFieldErrors, type FieldError } from '../../src/core/validation'
import { passwordLoginSchema } from '../../src/core/api'

const MEMBER_ID = '6f1c0d52-8a7e-4b1e-9c3d-2a4b6c8d0e1f'
const HOUSEHOLD_ID = '0d7e3a1b-5c2f-4d6e-8a9b-1c3d5e7f9a0b'
const GRID_ID = '0b9c6f1e-3c1a-4f5e-9a43-1d2a3b4c5d01'

const validMember = { id: MEMBER_ID, householdId: HOUSEHOLD_ID, name: '张小明', smartphone: 'yes' }

function errorsOf(schema: { safeParse(input: unknown): { success: boolean; error?: { issues: unknown[] } } }, input: unknown): FieldError[] {
  const result = schema.safeParse(input)
  if (result.success) return []
  return toFieldErrors(result.error!.issues as Parameters<typeof toFieldErrors>[0])
}

function errorOn(errors: FieldError[], field: string): FieldError {
  const found = errors.find((error) => error.field === field)
  if (!found) throw new Error(`no error on ${field}: ${JSON.stringify(errors)}`)
  return found
}

describe('memberUpsertSchema with toFieldErrors', () => {
  it('accepts a plain member and normalizes the phone', () => {
    const result = memberUpsertSchema.safeParse({ ...validMember, phone: '+86 138-1234-5678', idNumber: '11010519491231002x' })
    expect(result.success).toBe(true)
    expect(result.data).toMatchObject({ phone: '13812345678', idNumber: '11010519491231002X' })
  })

  it('names the phone field in Chinese', () => {
    const error = errorOn(errorsOf(memberUpsertSchema, { ...validMember, phone: '12345' }), 'phone')
    expect(error.message).toBe('手机号格式不正确，应为11位手机号')
  })

  it('names the ID number field in Chinese', () => {
    const error = errorOn(errorsOf(memberUpsertSchema, { ...validMember, idNumber: '110105194912310021' }), 'idNumber')
    expect(error.message).toMatch(/^身份证号不正确/)
  })

  it('names the name field when it is empty or missing', () => {
    expect(errorOn(errorsOf(memberUpsertSchema, { ...validMember, name: '  ' }), 'name').message).toBe('姓名不能为空')
    const { name: _name, ...withoutName } = validMember
    expect(errorOn(errorsOf(memberUpsertSchema, withoutName), 'name').message).toBe('姓名必须填写')
  })

  it('explains generic problems in Chinese too', () => {
    const errors = errorsOf(memberUpsertSchema, { ...validMember, smartphone: 'maybe', gender: 'x', birthYear: 1800 })
    expect(errorOn(errors, 'smartphone').message).toBe('有无智能手机请选择有、无或不清楚')
    expect(errorOn(errors, 'gender').message).toBe('性别取值无效')
    expect(errorOn(errors, 'birthYear').message).toBe('出生年份不能早于1900年')
  })

  it('tells a missing value from a value of the wrong type', () => {
    const { smartphone: _smartphone, ...withoutSmartphone } = validMember
    expect(errorOn(errorsOf(memberUpsertSchema, withoutSmartphone), 'smartphone').message).toBe('有无智能手机请选择有、无或不清楚')
    const errors = errorsOf(memberUpsertSchema, { ...validMember, phone: 13812345678, isHead: 'yes', tags: 'student' })
    expect(errorOn(errors, 'phone').message).toBe('手机号格式不正确')
    expect(errorOn(errors, 'isHead').message).toBe('是否户主格式不正确')
    expect(errorOn(errors, 'tags').message).toBe('重点人群标签格式不正确')
    const missing = errorsOf(pushRequestSchema, { clientId: MEMBER_ID })
    expect(errorOn(missing, 'mutations').message).toBe('变更列表必须填写')
  })

  it('rejects unknown keys with 不支持的字段, naming them, whatever script the key is in', () => {
    const errors = errorsOf(memberUpsertSchema, { ...validMember, foo: 1, 名字: '张三' })
    expect(errors).toHaveLength(1)
    expect(errors[0].message).toMatch(/^请求内容不支持的字段：/)
    expect(errors[0].message).toContain('foo')
    expect(errors[0].message).toContain('名字')
  })

  it('rejects any invalid phone with a message that starts with 手机号', () => {
    const phoneLike = fc.string({ unit: fc.constantFrom(...'0123456789 -+x'.split('')), minLength: 1, maxLength: 16 })
    fc.assert(
      fc.property(phoneLike, (phone) => {
        fc.pre(!isValidPhone(phone) && phone.replace(/[\s-]/g, '') !== '')
        const errors = errorsOf(memberUpsertSchema, { ...validMember, phone })
        expect(errorOn(errors, 'phone').message).toMatch(/^手机号/)
      }),
      { numRuns: 300 }
    )
  })

  it('reports a lone country code as a mistyped phone instead of clearing the number', () => {
    for (const phone of ['+86', '0086', '+86 -']) {
      expect(errorOn(errorsOf(memberUpsertSchema, { ...validMember, phone }), 'phone').message).toMatch(/^手机号/)
    }
    expect(errorsOf(memberUpsertSchema, { ...validMember, phone: ' - ' })).toEqual([])
  })

  it('names nested fields inside a push request', () => {
    const errors = errorsOf(pushRequestSchema, {
      clientId: 'not-a-uuid',
      mutations: [{ id: MEMBER_ID, type: 'member.nope', payload: {}, at: 'yesterday' }]
    })
    expect(errorOn(errors, 'clientId').message).toBe('设备编号格式不正确')
    expect(errorOn(errors, 'mutations.0.type').message).toBe('变更类型不支持的变更类型')
    expect(errorOn(errors, 'mutations.0.at').message).toBe('时间应为带时区的时间')
  })
})

describe('memberAppSchema', () => {
  const app = { memberId: MEMBER_ID, status: 'refused', evidence: 'in_person' }

  it('refuses a refusal without a reason, naming 原因', () => {
    const errors = errorsOf(memberAppSchema, app)
    expect(errors).toHaveLength(1)
    expect(errorOn(errors, 'reason').message).toMatch(/^原因/)
    expect(errorsOf(memberAppSchema, { ...app, reason: '   ' })).toHaveLength(1)
  })

  it('accepts a refusal with a reason and a registration without one', () => {
    expect(errorsOf(memberAppSchema, { ...app, reason: '老人不会用' })).toEqual([])
    expect(errorsOf(memberAppSchema, { ...app, status: 'registered', region: '141002001001' })).toEqual([])
  })

  it('rejects a region that is not a region code', () => {
    const errors = errorsOf(memberAppSchema, { ...app, status: 'registered', region: '14100' })
    expect(errorOn(errors, 'region').message).toBe('常驻地区应为2到12位区划代码')
  })
})

describe('householdUpsertSchema', () => {
  const household = { id: HOUSEHOLD_ID, gridId: GRID_ID }

  it('needs at least one address part', () => {
    expect(errorOn(errorsOf(householdUpsertSchema, { ...household, address: {} }), 'address').message).toBe('地址至少填写一项')
    expect(errorsOf(householdUpsertSchema, { ...household, address: { door: '  ', text: '' } })).toHaveLength(1)
    expect(errorsOf(householdUpsertSchema, { ...household, address: { door: '301' } })).toEqual([])
    expect(errorsOf(householdUpsertSchema, { ...household, address: { text: '东头第三家' } })).toEqual([])
  })

  it('names the address part that is too long', () => {
    const errors = errorsOf(householdUpsertSchema, { ...household, address: { building: '楼'.repeat(41) } })
    expect(errorOn(errors, 'address.building').message).toBe('楼栋最多40个字')
  })
})

describe('summarizeFieldErrors', () => {
  it('gives the first error and how many more', () => {
    const errors = [
      { field: 'phone', message: '手机号格式不正确' },
      { field: 'name', message: '姓名不能为空' },
      { field: 'idNumber', message: '身份证号不正确' }
    ]
    expect(summarizeFieldErrors(errors)).toBe('手机号格式不正确（另有2处错误）')
    expect(summarizeFieldErrors(errors.slice(0, 1))).toBe('手机号格式不正确')
    expect(summarizeFieldErrors([])).toBe('请求内容无效')
  })
})

describe('errorsByField', () => {
  it('keeps every field’s first error, so a form can show them all at once', () => {
    const errors = toFieldErrors(passwordLoginSchema.safeParse({ username: ' ', password: '' }).error!.issues)
    expect(errorsByField(errors)).toEqual({ username: '账号不能为空', password: '密码不能为空' })
    expect(errorsByField([{ field: 'phone', message: '手机号太长' }, { field: 'phone', message: '手机号格式不正确' }])).toEqual({ phone: '手机号太长' })
    expect(errorsByField([])).toEqual({})
  })
})
