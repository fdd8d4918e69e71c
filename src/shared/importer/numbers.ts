/**
 * Numbers as Chinese reports write them: 1,074 / 2万余 / 近60万 / 22000余 / 三件 / 近千余, with the
 * hedge words that make a figure approximate, and dates (2016年02月15日, 2015- 04- 01, 二〇〇八年十二月三十日).
 * Runs on NFKC text, so digits and punctuation are ASCII here.
 */

export type ApproxKind = 'over' | 'about' | 'under' | null

export interface NumberMention {
  value: number
  unit: string
  approx: ApproxKind
  percent: boolean
  /** Span of the whole mention, hedge words and unit included. */
  start: number
  end: number
}

const CN_DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
const CN_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 }

/** 三 → 3, 十二 → 12, 二十 → 20, 一百零五 → 105, 千 → 1000, 二〇〇八 → 2008; NaN when malformed. */
export function parseChineseNumber(s: string): number {
  if (!s)
    return Number.NaN
  if (!/[十百千]/.test(s)) { // digit by digit (years written 二〇〇八)
    let v = 0
    for (const ch of s) {
      const d = CN_DIGIT[ch]
      if (d === undefined)
        return Number.NaN
      v = v * 10 + d
    }
    return v
  }
  let total = 0
  let digit = -1
  for (const ch of s) {
    const d = CN_DIGIT[ch]
    if (d !== undefined) {
      digit = d
      continue
    }
    const u = CN_UNIT[ch]
    if (u === undefined)
      return Number.NaN
    total += (digit === -1 ? 1 : digit) * u
    digit = -1
  }
  return digit === -1 ? total : total + digit
}

/** Counting units (and money) a figure may carry; longer first so 人次 wins over 人. */
const UNIT = '人次|件次|万元|[元件条个项份次起宗篇卷期家人%]'

/**
 * prefix hedge · number · 余/多 · 万/亿/千 · 余/多 · unit · 左右/以上.
 * The Chinese-numeral alternative needs a unit (checked in scanNumbers), or 一是 would be a number.
 */
const NUM_RE = new RegExp(
  `(约有|大约|将近|接近|超过|不足|不到|[约近逾超])?`
  + `((?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?|[零〇一二两三四五六七八九十百千]+)`
  + `([余多])?([万亿])?([余多])?(?: ?(${UNIT}))?(左右|以上|以下)?`,
  'g',
)

/** Every number in s (offset added to spans). Years, dates and document numbers are skipped. */
export function scanNumbers(s: string, offset = 0): NumberMention[] {
  const out: NumberMention[] = []
  NUM_RE.lastIndex = 0
  for (let m = NUM_RE.exec(s); m; m = NUM_RE.exec(s)) {
    const [all, pre, num, over1, mult, over2, unit0, post] = m
    const cn = !/\d/.test(num![0]!)
    let unit = unit0 ?? ''
    if (cn && !unit)
      continue
    const after = s.slice(m.index + all.length, m.index + all.length + 1)
    if (cn && s[m.index - 1] === '第') // 第一次 is an ordinal
      continue
    // 2015年 / 12月 / 〔2017〕24号 / 3.5 are not counts of anything
    if (!unit && /^[年月日号时]/.test(after))
      continue
    let value = cn ? parseChineseNumber(num!) : Number(num!.replace(/,/g, ''))
    if (!Number.isFinite(value))
      continue
    if (mult === '万')
      value *= 10_000
    else if (mult === '亿')
      value *= 100_000_000
    if (unit === '万元') {
      value *= 10_000
      unit = '元'
    }
    let approx: ApproxKind = null
    if (over1 || over2 || post === '以上' || pre === '逾' || pre === '超过' || pre === '超')
      approx = 'over'
    else if (pre === '近' || pre === '将近' || pre === '接近' || pre === '不足' || pre === '不到' || post === '以下')
      approx = 'under'
    else if (pre === '约' || pre === '约有' || pre === '大约' || post === '左右')
      approx = 'about'
    out.push({ value: Math.round(value * 1e6) / 1e6, unit, approx, percent: unit === '%', start: offset + m.index, end: offset + m.index + all.length })
  }
  return out
}

/** The interval a hedged number allows: 22000余 → [22000, 23000), 2万余 → [20000, 30000), 约100 → ±10%. */
export function approxRange(value: number, approx: ApproxKind): [number, number] {
  if (approx === null)
    return [value, value]
  if (approx === 'about')
    return [value * 0.9, value * 1.1]
  if (approx === 'under')
    return [value * 0.8, value]
  // the hedge covers the last stated digit: 22000余 → up to 23000
  const step = value > 0 && Number.isInteger(value) ? 10 ** Math.min(/0*$/.exec(String(value))![0].length, 12) : 1
  return [value, value + Math.max(step, value * 0.1)]
}

export interface DateMention { iso: string, year: number, start: number, end: number }

const CN_DATE = /([〇零一二三四五六七八九]{4})年([十一二三四五六七八九]{1,3})月([十一二三四五六七八九]{1,3})日/g
const AR_DATE = /(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})(?!\d)\s*日?/g

/** Every valid calendar date in s. */
export function scanDates(s: string, offset = 0): DateMention[] {
  const out: DateMention[] = []
  const push = (y: number, mo: number, d: number, start: number, end: number) => {
    if (y < 1990 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31)
      return
    const dt = new Date(Date.UTC(y, mo - 1, d))
    if (dt.getUTCMonth() !== mo - 1)
      return
    out.push({ iso: `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`, year: y, start: offset + start, end: offset + end })
  }
  AR_DATE.lastIndex = 0
  for (let m = AR_DATE.exec(s); m; m = AR_DATE.exec(s))
    push(Number(m[1]), Number(m[2]), Number(m[3]), m.index, m.index + m[0].length)
  CN_DATE.lastIndex = 0
  for (let m = CN_DATE.exec(s); m; m = CN_DATE.exec(s))
    push(parseChineseNumber(m[1]!), parseChineseNumber(m[2]!), parseChineseNumber(m[3]!), m.index, m.index + m[0].length)
  return out.sort((a, b) => a.start - b.start)
}

/** A year written 2015 or 二〇一五. */
export function parseYear(s: string): number | null {
  const v = /\d/.test(s) ? Number(s) : parseChineseNumber(s)
  return Number.isInteger(v) && v >= 1990 && v <= 2100 ? v : null
}
