import { checkCertification, DECLARABLE_STATUS_CHOICES } from '../../src/core/certification'

const MEMBER = { id: '9b1e8a52-3c4d-4e5f-8a6b-7c8d9e0f1a01', nameMasked: '张*明' }
const DRAFT = { inviteToken: 'inv-7Qm2x9Kp_Rt5Vw8Yz3Bc6Df9Gh1J', memberId: MEMBER.id, status: 'registered' as const, alertsOn: true, consent: true as const }

function errorFields(result: ReturnType<typeof checkCertification>): Record<string, string> {
  return result.ok ? {} : Object.fromEntries(result.errors.map((error) => [error.field, error.message]))
}

describe('checkCertification', () => {
  it('accepts a declaration and sends the phone digits only when they are asked for', () => {
    const plain = checkCertification({ ...DRAFT, phoneLast4: '1234' }, MEMBER)
    expect(plain).toEqual({ ok: true, request: expect.not.objectContaining({ phoneLast4: expect.anything() }) })
    const asked = checkCertification({ ...DRAFT, phoneLast4: '1234' }, { ...MEMBER, needsPhoneLast4: true })
    expect(asked.ok && asked.request.phoneLast4).toBe('1234')
  })

  it('asks for the last four digits where a phone is on file, naming the field', () => {
    expect(errorFields(checkCertification(DRAFT, { ...MEMBER, needsPhoneLast4: true }))).toEqual({ phoneLast4: '手机号后4位必须填写（该成员登记了手机号）' })
    expect(errorFields(checkCertification({ ...DRAFT, phoneLast4: '12a4' }, { ...MEMBER, needsPhoneLast4: true }))).toEqual({ phoneLast4: '手机号后4位应为4位数字' })
  })

  it('names every missing choice and refuses a submission without consent', () => {
    const fields = errorFields(checkCertification({ inviteToken: 'inv-1' }, undefined))
    expect(fields).toMatchObject({ memberId: '成员请选择要登记的家庭成员', status: 'APP状态请选择APP状态', consent: expect.stringContaining('隐私保护指引') })
  })

  it('offers the statuses a resident may declare, never a refusal', () => {
    expect(DECLARABLE_STATUS_CHOICES.map((choice) => choice.label)).toEqual(['已安装未注册', '已注册', '未安装'])
    expect(errorFields(checkCertification({ ...DRAFT, status: 'refused' as never }, MEMBER))).toHaveProperty('status')
  })
})
