import { activityInputSchema, caseInputSchema, chinaDate, recordDateErrors, villageFactsInputSchema } from '../../src/core/campaign'
import { toFieldErrors } from '../../src/core/validation'

const messages = (result: { success: boolean; error?: { issues: Parameters<typeof toFieldErrors>[0] } }) =>
  result.success ? [] : toFieldErrors(result.error!.issues).map((error) => error.message)

describe('campaign records', () => {
  test('a record’s date is a China-time date: today there is allowed from 16:00 UTC the day before', () => {
    const lateEvening = new Date('2026-11-15T16:30:00Z') // 00:30 on the 16th in China
    expect(chinaDate(lateEvening)).toBe('2026-11-16')
    expect(recordDateErrors('2026-11-16', lateEvening)).toEqual([])
    expect(recordDateErrors('2026-11-17', lateEvening)).toEqual([{ field: 'date', message: '日期不能晚于今天（2026-11-16）' }])
    expect(recordDateErrors('2026-11-16', new Date('2026-11-15T15:59:59Z'))).toEqual([{ field: 'date', message: '日期不能晚于今天（2026-11-15）' }])
    expect(recordDateErrors('1999-12-31', lateEvening)).toEqual([{ field: 'date', message: '日期不能早于2000年' }])
    // Left to the schema: not a date at all.
    expect(recordDateErrors('2026-02-30', lateEvening)).toEqual([])
  })

  test('a case names every wrong field in Chinese, and takes an age band for incidents only', () => {
    const valid = { villageCode: '141002001001', date: '2026-11-02', kind: 'incident', fraudType: 'brushing' }
    expect(caseInputSchema.safeParse(valid).success).toBe(true)
    expect(caseInputSchema.safeParse({ ...valid, loss: 0, ageBand: '60_plus', note: '网上刷单' }).success).toBe(true)
    expect(messages(caseInputSchema.safeParse({ ...valid, loss: 1.5 }))).toEqual(['损失金额应为整元'])
    expect(messages(caseInputSchema.safeParse({ ...valid, kind: 'suspect', ageBand: '60_plus' }))).toEqual(['受害人年龄段只有涉诈警情（有本地受害人）才填写'])
    expect(messages(caseInputSchema.safeParse({ villageCode: '1410' }))).toEqual([
      '村社区应为12位区划代码',
      '日期必须填写',
      expect.stringMatching(/^类型/),
      expect.stringMatching(/^诈骗类型/)
    ])
  })

  test('an activity belongs to a village or a township; facts never follow up more warnings than came', () => {
    const activity = { regionCode: '141002001', date: '2026-11-02', title: '宣讲', kind: 'street', participants: 0 }
    expect(activityInputSchema.safeParse(activity).success).toBe(true)
    expect(messages(activityInputSchema.safeParse({ ...activity, regionCode: '141002' }))).toEqual(['地区应为乡镇（9位）或村社区（12位）区划代码'])
    expect(messages(activityInputSchema.safeParse({ ...activity, participants: 2.5 }))).toEqual(['参与人数应为整数'])
    expect(villageFactsInputSchema.safeParse({ volunteerTeam: false, warningsReceived: 3, warningsFollowedUp: 3 }).success).toBe(true)
    expect(messages(villageFactsInputSchema.safeParse({ volunteerTeam: false, warningsReceived: 3, warningsFollowedUp: 4 }))).toEqual([
      '已跟进的预警数不能多于收到的预警数'
    ])
  })
})
