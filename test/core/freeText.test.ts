import fc from 'fast-check'
import { containsPhoneOrIdNumber, textProblem } from '../../src/core/freeText'
import { idCheckCharacter } from '../../src/core/idNumber'
import { householdUpsertSchema } from '../../src/core/household'
import { memberUpsertSchema } from '../../src/core/member'
import { memberAppSchema } from '../../src/core/appStatus'
import { visitRecordSchema } from '../../src/core/visit'
import { toFieldErrors, type FieldError } from '../../src/core/validation'

const ID = '0d7e3a1b-5c2f-4d6e-8a9b-1c3d5e7f9a0b'

const FULL_WIDTH = '０１２３４５６７８９'
const CHINESE_DIGITS = '〇一二三四五六七八九'
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u200e']
const SEPARATORS = [' ', '-', '—', '\u3000', '.', ' - ', '－']

/**
 * Text around a number, as a note would have it: words and punctuation, never a digit (a digit glued to
 * a number makes it a longer number, by the rule: 三 in 第三 would lengthen 一三八…).
 */
const words = fc.string({ unit: fc.constantFrom(...'老人独居东头第几家电话手机号码联系是的，。：（）、 abcXxY'.split('')), maxLength: 8 })

function rewriteDigits(number: string, forms: string): string {
  return number.replace(/\d/g, (digit) => forms[Number(digit)])
}

/** Ways a person writes the digits of a number down: as typed, full-width, in Chinese digits, with invisible characters between. */
const digitStyle = fc.oneof(
  fc.constant((number: string) => number),
  fc.constant((number: string) => rewriteDigits(number, FULL_WIDTH)),
  fc.constant((number: string) => rewriteDigits(number, CHINESE_DIGITS)),
  fc.constantFrom(...INVISIBLE).map((invisible) => (number: string) => number.split('').join(invisible))
)

function grouped(digits: string, sizes: ReadonlyArray<number>, separator: string): string {
  const groups: string[] = []
  let start = 0
  for (const size of sizes) {
    groups.push(digits.slice(start, start + size))
    start += size
  }
  return groups.filter(Boolean).join(separator)
}

const mobile = fc
  .tuple(fc.constantFrom(...'3456789'.split('')), fc.stringMatching(/^\d{9}$/))
  .map(([second, rest]) => `1${second}${rest}`)

const writtenMobile = fc
  .record({
    number: mobile,
    layout: fc.constantFrom([11], [3, 4, 4], [3, 8], [7, 4], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
    separator: fc.constantFrom(...SEPARATORS),
    prefix: fc.constantFrom('', '+86', '+86 ', '0086', '86', '(+86)', '+86-'),
    style: digitStyle
  })
  .map(({ number, layout, separator, prefix, style }) => style(`${prefix}${grouped(number, layout, separator)}`))

/** 18-character numbers with a plausible birth date, the check character right or not, and 15-digit ones. */
const idNumber = fc
  .record({
    region: fc.stringMatching(/^[1-9]\d{5}$/),
    birth: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
    sequence: fc.stringMatching(/^\d{3}$/),
    check: fc.oneof(fc.constant('right'), fc.constantFrom(...'0123456789X'.split(''))),
    firstGeneration: fc.boolean()
  })
  .map(({ region, birth, sequence, check, firstGeneration }) => {
    const date = birth.toISOString().slice(0, 10).replace(/-/g, '')
    if (firstGeneration) return `${region}${date.slice(2)}${sequence}`
    const first17 = `${region}${date}${sequence}`
    return `${first17}${check === 'right' ? idCheckCharacter(first17) : check}`
  })

const ID_LAYOUTS: Record<number, number[][]> = {
  18: [[18], [6, 8, 4], [6, 4, 4, 4], [4, 4, 4, 4, 2]],
  15: [[15], [6, 6, 3], [6, 9]]
}

const writtenIdNumber = idNumber
  .chain((number) =>
    fc.record({
      number: fc.constant(number),
      layout: fc.constantFrom(...ID_LAYOUTS[number.length]),
      separator: fc.constantFrom(...SEPARATORS),
      lowerX: fc.boolean(),
      style: digitStyle
    })
  )
  .map(({ number, layout, separator, lowerX, style }) => style(grouped(lowerX ? number.toLowerCase() : number, layout, separator)))

/**
 * Addresses and notes as villages write them: numbers of up to four digits (door, building, unit,
 * room, year), postcodes, dates, 3-2-301, each followed by its unit or a word.
 */
const ordinaryText = fc
  .array(
    fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.constantFrom('组', '栋', '单元', '号', '室', '楼', '年', '户', '人', '岁', '号楼', '亩')).map(([n, unit]) => `${n}${unit}`),
      fc.integer({ min: 0, max: 999_999 }).map((code) => `邮编${String(code).padStart(6, '0')}，`),
      fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => `${d.toISOString().slice(0, 10)}走访`),
      fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 101, max: 3305 })).map(([b, u, r]) => `${b}-${u}-${r}室`),
      fc.constantFrom('阳光小区', '村东头', '老槐树旁', '三组', '村委会东侧', '独居', '腿脚不便', '已发放资料')
    ),
    { maxLength: 8 }
  )
  .chain((parts) => fc.constantFrom('', ' ', '，').map((joiner) => parts.join(joiner)))

describe('containsPhoneOrIdNumber', () => {
  it.each([
    '13812345678',
    '电话13812345678',
    '+86 138-1234-5678',
    '+8613812345678',
    '008613812345678',
    '138 1234 5678',
    '138—1234—5678',
    '１３８１２３４５６７８',
    '幺三八一二三四五六七八',
    '1 3 8 1 2 3 4 5 6 7 8',
    '138\u200b1234\u200b5678',
    '儿子电话：13812345678，女儿电话：13912345678',
    '身份证11010519491231002X',
    '11010519491231002x',
    '110105194912310021',
    '110105 19491231 002X',
    '1101 0519 4912 3100 2X',
    '１１０１０５１９４９１２３１００２Ｘ',
    '110105491231002'
  ])('refuses %j', (text) => {
    expect(containsPhoneOrIdNumber(text)).toBe(true)
  })

  it.each([
    '',
    '2026年',
    '3栋2单元301',
    '3-2-301',
    '12号楼1单元1201室',
    '邮编041000',
    '041000',
    '0357-1234567',
    '2026-11-15 13:45',
    '2026年11月15日走访',
    '101 102 103 104 105',
    '101、102、103、104、105、106',
    '1381234567890',
    '23812345678',
    '12812345678',
    '110105194913310021',
    '三组五栋二单元',
    '第1381234号文件'
  ])('accepts %j', (text) => {
    expect(containsPhoneOrIdNumber(text)).toBe(false)
  })

  it('finds every mobile number, however it is written and whatever text is around it', () => {
    fc.assert(
      fc.property(words, writtenMobile, words, (before, number, after) => {
        expect(containsPhoneOrIdNumber(`${before}${number}${after}`)).toBe(true)
      }),
      { numRuns: 1000 }
    )
  })

  it('finds every ID number, 18 or 15 characters, check character right or wrong, however it is written', () => {
    fc.assert(
      fc.property(words, writtenIdNumber, words, (before, number, after) => {
        expect(containsPhoneOrIdNumber(`${before}${number}${after}`)).toBe(true)
      }),
      { numRuns: 1000 }
    )
  })

  it('never refuses ordinary addresses and notes', () => {
    fc.assert(
      fc.property(ordinaryText, (text) => {
        expect(containsPhoneOrIdNumber(text)).toBe(false)
      }),
      { numRuns: 1000 }
    )
  })

  it('never refuses text without a digit in any form', () => {
    const digitLike = /[0-9０-９〇零一二三四五六七八九幺]/
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        fc.pre(!digitLike.test(text))
        expect(containsPhoneOrIdNumber(text)).toBe(false)
      }),
      { numRuns: 500 }
    )
  })

  it('answers the same for digits written full-width or with invisible characters between them', () => {
    const numberish = fc.string({ unit: fc.constantFrom(...'0123456789  -.X号栋'.split('')), maxLength: 30 })
    fc.assert(
      fc.property(numberish, fc.constantFrom(...INVISIBLE), (text, invisible) => {
        const answer = containsPhoneOrIdNumber(text)
        expect(containsPhoneOrIdNumber(rewriteDigits(text, FULL_WIDTH))).toBe(answer)
        expect(containsPhoneOrIdNumber(text.split('').join(invisible))).toBe(answer)
      }),
      { numRuns: 1000 }
    )
  })
})

describe('textProblem', () => {
  it('refuses control characters: in names all of them, in text all but tab and line breaks', () => {
    for (const control of ['\u0000', '\u0007', '\u001b', '\u007f', '\u0085']) {
      expect(textProblem(`张${control}三`, 'name')).toBe('不能包含换行符等控制字符')
      expect(textProblem(`东头${control}第三家`, 'text')).toBe('不能包含控制字符')
    }
    for (const lineBreak of ['\n', '\r\n', '\t']) {
      expect(textProblem(`张${lineBreak}三`, 'name')).toBe('不能包含换行符等控制字符')
      expect(textProblem(`腿脚不便${lineBreak}需定期走访`, 'text')).toBeNull()
    }
  })

  it('refuses every bidi override and isolate', () => {
    for (let code = 0x202a; code <= 0x202e; code++) expect(textProblem(`王${String.fromCharCode(code)}芳`, 'name')).toBe('不能包含改变文字方向的控制字符')
    for (let code = 0x2066; code <= 0x2069; code++) expect(textProblem(`村东头${String.fromCharCode(code)}`, 'text')).toBe('不能包含改变文字方向的控制字符')
  })

  it('refuses lone surrogates but not characters outside the BMP', () => {
    expect(textProblem('张\ud842', 'name')).toBe('含有无法识别的字符')
    expect(textProblem('\udfb7张', 'name')).toBe('含有无法识别的字符')
    expect(textProblem('𠮷\udfb7', 'text')).toBe('含有无法识别的字符')
    expect(textProblem('𠮷野家', 'name')).toBeNull()
    expect(textProblem('全家福👨‍👩‍👧', 'text')).toBeNull()
  })

  it('refuses a value of only invisible characters, but not invisible characters beside visible ones', () => {
    for (const invisible of INVISIBLE) {
      expect(textProblem(`${invisible}${invisible} `, 'name')).toBe('不能只有不可见字符')
      expect(textProblem(invisible, 'text')).toBe('不能只有不可见字符')
    }
    expect(textProblem('', 'text')).toBeNull()
    expect(textProblem('王\u200d芳', 'name')).toBeNull()
  })

  it('refuses a phone or ID number in a name too', () => {
    expect(textProblem('张三13812345678', 'name')).toBe('不能包含手机号或身份证号')
  })

  it('accepts names as people have them', () => {
    const name = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'王李张刘陈杨赵黄周吴秀兰建华国强丽娟明'.split('')), minLength: 1, maxLength: 4 }),
      fc.constantFrom('阿依古丽·买买提', '欧阳小明', 'Maria', '𠮷野', '李娜2')
    )
    fc.assert(fc.property(name, (value) => expect(textProblem(value, 'name')).toBeNull()))
  })
})

describe('every free-text field of every payload', () => {
  const schemas = {
    household: { schema: householdUpsertSchema, valid: { id: ID, gridId: ID, address: { group: '三组' } } },
    member: { schema: memberUpsertSchema, valid: { id: ID, householdId: ID, name: '王秀兰', smartphone: 'yes' } },
    app: { schema: memberAppSchema, valid: { memberId: ID, status: 'refused', evidence: 'in_person', reason: '不愿意' } },
    visit: { schema: visitRecordSchema, valid: { id: ID, householdId: ID, kind: 'in_person', at: '2026-11-14T09:30:00+08:00', actions: [] } }
  }
  const FIELDS: Array<[keyof typeof schemas, string, string]> = [
    ['household', 'address.group', '组/小区'],
    ['household', 'address.building', '楼栋'],
    ['household', 'address.unit', '单元'],
    ['household', 'address.door', '门牌号'],
    ['household', 'address.text', '详细地址'],
    ['household', 'note', '备注'],
    ['member', 'name', '姓名'],
    ['member', 'relation', '与户主关系'],
    ['member', 'away.place', '外出地点'],
    ['app', 'reason', '原因'],
    ['visit', 'note', '备注']
  ]

  function errorsWith(kind: keyof typeof schemas, field: string, value: string): FieldError[] {
    const { schema, valid } = schemas[kind]
    const input = JSON.parse(JSON.stringify(valid))
    const path = field.split('.')
    let target = input
    for (const key of path.slice(0, -1)) target = target[key] ??= {}
    target[path[path.length - 1]] = value
    const result = schema.safeParse(input)
    return result.success ? [] : toFieldErrors(result.error.issues)
  }

  it.each(FIELDS)('%s %s refuses numbers and bad characters, naming %s', (kind, field, label) => {
    expect(errorsWith(kind, field, '8')).toEqual([])
    // 与户主关系 holds at most 10 characters, so a number in it is also too long.
    expect(errorsWith(kind, field, '110105194912310021')).toContainEqual({ field, message: `${label}不能包含手机号或身份证号` })
    expect(errorsWith(kind, field, '138 1234 5678')).toContainEqual({ field, message: `${label}不能包含手机号或身份证号` })
    expect(errorsWith(kind, field, '东\u202e头')).toEqual([{ field, message: `${label}不能包含改变文字方向的控制字符` }])
    expect(errorsWith(kind, field, '东\u0000头')).toEqual([expect.objectContaining({ field, message: expect.stringMatching(new RegExp(`^${label}不能包含.*控制字符$`)) })])
    expect(errorsWith(kind, field, '东\ud800头')).toEqual([{ field, message: `${label}含有无法识别的字符` }])
    expect(errorsWith(kind, field, '\u200b')).toEqual([{ field, message: `${label}不能只有不可见字符` }])
  })

  it('the example from issue #6 is refused: 备注 身份证11010519491231002X', () => {
    expect(errorsWith('household', 'note', '身份证11010519491231002X')).toEqual([{ field: 'note', message: '备注不能包含手机号或身份证号' }])
  })
})
