import { z } from 'zod'

/**
 * Names and free text (address parts, notes, 与户主关系, 外出地点, 拒绝原因) as the API accepts them. The
 * same zod fields run on the phone, on the server and in the roster import, so all three refuse alike.
 *
 * Phone and ID numbers live only in their own encrypted fields (DESIGN.md §5): text holding one is
 * refused. "Holding one" is decided like this:
 *
 * 1. Fold. Characters that render as nothing (zero-width space and joiners, word joiner, BOM, soft
 *    hyphen, direction marks, Hangul fillers, variation selectors) are dropped, so they cannot hide a
 *    number; full-width digits ０-９ and the Chinese digits 〇零一二三四五六七八九幺 read as 0-9
 *    (幺 is how 1 is read out in a phone number), but a run of Chinese digits is kept apart from
 *    digits beside it, as if by a space (in 张三13812345678, 三 is a word, not a thirteenth digit);
 *    x, ｘ and Ｘ right after a digit read as X, anywhere else they are letters.
 * 2. Chain. Maximal runs of digits are groups; an X after a digit ends its group. Groups separated
 *    only by separators — whitespace, dashes (- ‐ ‑ ‒ – — ― − ﹣ －) and dots (. ．) — form a chain,
 *    as in "138 1234 5678" or "110105-19491231-002X". Any other character (a Chinese character, a
 *    letter, + / : 、，( ) …) ends the chain.
 * 3. Shape. Whole consecutive groups of a chain — never part of a group, so 2026 is not cut out of
 *    120263, nor a phone number out of a longer run of digits — hold a number when their characters
 *    (less a letter X written right after them) are
 *    - phone-shaped: 1[3-9] and nine more digits (the mobile numbers the API accepts), optionally after
 *      86 or 0086 (in "+86" the plus ends the chain before 86);
 *    - or ID-shaped: 17 digits and a digit or X (GB 11643-1999), or 15 digits (the first-generation
 *      card), with the first digit 1-9 and a birth-date part whose month is 01-12 and day 01-31 (and
 *      year 19xx or 20xx in the 18-character form). The check character is not required to be right:
 *      a mistyped ID number still identifies its holder.
 *
 * So 2026年, 3栋2单元301, 3-2-301, a postcode 041000, a landline 0357-1234567, dates, and lists of door
 * numbers (101 102 103 104 105) pass, while 13812345678, +86 138-1234-5678, １３８１２３４５６７８,
 * 幺三八一二三四五六七八 and 身份证11010519491231002X are refused. The rule can be fooled on purpose (a
 * number spelled out with words between its digits, or glued to more digits); it is there to stop a
 * worker from writing one down by habit, which is how numbers end up in notes. Its known false alarm:
 * whole groups joined by spaces that happen to add up to a phone shape ("15 101 102 103"); writing 、
 * between them avoids it.
 *
 * Names and text also refuse characters that corrupt storage or mislead a reader: control characters
 * (names: all of them; text: all but tab and line breaks, which a multi-line note or a spreadsheet cell
 * may hold), bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069, which reorder what a reader
 * sees), lone UTF-16 surrogates (not text at all; databases would store them mangled), and values made
 * only of invisible characters (a name that shows as nothing).
 *
 * Regexes here avoid lookbehind and \p{…} escapes: older iOS JavaScriptCore in WeChat cannot parse them.
 */

// These classes list invisible, joining and control characters on purpose: finding them is their job.
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u2060-\u2064\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/g
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_TAB_AND_LINE_BREAKS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/

const DIGIT_FORMS = digitForms()
const DIGIT_FORM = /[０-９〇零一二三四五六七八九幺]/g
/** Any way of writing a digit: text without one (most names) holds no number and is not folded at all. */
const ANY_DIGIT = new RegExp(`[0-9${Object.keys(DIGIT_FORMS).join('')}]`)
const CHINESE_DIGIT_BESIDE_DIGIT = /([〇零一二三四五六七八九幺])(?=[0-9０-９])|([0-9０-９])(?=[〇零一二三四五六七八九幺])/g
const LETTER_X = /(\d?)[xXｘＸ]/g
const SEPARATOR_CLASS = '\\s\\-.\\u2010-\\u2015\\u2212\\uFE58\\uFE63\\uFF0D\\uFF0E'
const OUTSIDE_NUMBERS = new RegExp(`[^0-9X${SEPARATOR_CLASS}]+`)
const SEPARATORS = new RegExp(`[${SEPARATOR_CLASS}]+`)

const PHONE_SHAPE = /^(?:0086|86)?1[3-9]\d{9}$/
const MONTH_DAY = '(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])'
const ID18_SHAPE = new RegExp(`^[1-9]\\d{5}(?:19|20)\\d{2}${MONTH_DAY}\\d{3}[\\dX]$`)
const ID15_SHAPE = new RegExp(`^[1-9]\\d{7}${MONTH_DAY}\\d{3}$`)
/** The longest shape, an 18-character ID number: longer runs need not be looked at. */
const LONGEST_SHAPE = 18

function digitForms(): Record<string, string> {
  const forms: Record<string, string> = { 零: '0', 幺: '1' }
  for (let digit = 0; digit <= 9; digit++) {
    forms['０１２３４５６７８９'[digit]] = String(digit)
    forms['〇一二三四五六七八九'[digit]] = String(digit)
  }
  return forms
}

/** Step 1: the text with invisible characters dropped and every way of writing a digit (and X) made one. */
function foldForNumbers(text: string): string {
  return (
    text
      .replace(INVISIBLE, '')
      .replace(CHINESE_DIGIT_BESIDE_DIGIT, '$1$2 ')
      .replace(DIGIT_FORM, (form) => DIGIT_FORMS[form])
      // An X ends the digit run it follows; anywhere else it is a letter, and "/" ends the chain as any letter does.
      .replace(LETTER_X, (_x, digit: string) => (digit ? `${digit}X/` : '/'))
  )
}

/** Step 2: the chains of the folded text, each a list of digit groups. */
function numberChains(folded: string): string[][] {
  return folded.split(OUTSIDE_NUMBERS).map((stretch) => stretch.split(SEPARATORS).filter(Boolean))
}

/** Step 3, for one run of whole groups. */
function isPhoneOrIdShaped(run: string): boolean {
  return PHONE_SHAPE.test(run) || ID18_SHAPE.test(run) || ID15_SHAPE.test(run)
}

/** Step 3 over every run of whole consecutive groups of a chain. */
function chainHoldsNumber(groups: ReadonlyArray<string>): boolean {
  for (let first = 0; first < groups.length; first++) {
    let run = ''
    for (let last = first; last < groups.length && run.length < LONGEST_SHAPE; last++) {
      run += groups[last]
      if (isPhoneOrIdShaped(run) || (run.endsWith('X') && isPhoneOrIdShaped(run.slice(0, -1)))) return true
    }
  }
  return false
}

/** Whether the text holds a phone- or ID-shaped number, by the rule above. */
export function containsPhoneOrIdNumber(text: string): boolean {
  return ANY_DIGIT.test(text) && numberChains(foldForNumbers(text)).some(chainHoldsNumber)
}

function isInvisibleOnly(text: string): boolean {
  return text !== '' && text.replace(INVISIBLE, '').trim() === ''
}

export type TextKind = 'name' | 'text'

/** The first thing wrong with a name or a free text, as the message after the field's label; null if none. */
export function textProblem(text: string, kind: TextKind): string | null {
  if (LONE_SURROGATE.test(text)) return '含有无法识别的字符'
  if (kind === 'name' && CONTROL.test(text)) return '不能包含换行符等控制字符'
  if (kind === 'text' && CONTROL_BUT_TAB_AND_LINE_BREAKS.test(text)) return '不能包含控制字符'
  if (BIDI_CONTROL.test(text)) return '不能包含改变文字方向的控制字符'
  if (isInvisibleOnly(text)) return '不能只有不可见字符'
  if (containsPhoneOrIdNumber(text)) return '不能包含手机号或身份证号'
  return null
}

function refusingProblems(kind: TextKind) {
  return (text: string, ctx: z.RefinementCtx<string>) => {
    const problem = textProblem(text, kind)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  }
}

/** A free-text field of at most `max` characters, trimmed. */
export function freeTextField(max: number) {
  return z.string().trim().max(max, `最多${max}个字`).superRefine(refusingProblems('text'))
}

/** A person's name: required, at most `max` characters, trimmed. */
export function nameField(max: number) {
  return z.string('必须填写').trim().min(1, '不能为空').max(max, `最多${max}个字`).superRefine(refusingProblems('name'))
}
