/**
 * 其中-lists: "共发布信息125条。其中：机构信息栏目3条，…；工作总结栏目28条。" A list is checked
 * against the total it follows, unit by unit (seed 004 lists sub-sites 个 and items 条 in one
 * list). A sum above the total is always a problem. A sum below it is a problem only for a formal
 * list (items separated by ；or each with its share 占…%): a comma list of highlights
 * ("其中，公开财政资金信息117条、招投标信息360条…") is not meant to be complete.
 */
import type { Span } from './candidate'
import type { NumberMention } from './numbers'
import { approxRange, scanNumbers } from './numbers'

export interface BreakdownItem { text: string, start: number, nums: NumberMention[] }

export interface Breakdown {
  totals: NumberMention[]
  items: BreakdownItem[]
  formal: boolean
}

export interface BreakdownMismatch { total: NumberMention, parts: NumberMention[], sum: number }

const counted = (n: NumberMention) => !n.percent && n.unit !== '' && n.unit !== '%'

export function findBreakdowns(text: string, masks: Span[]): Breakdown[] {
  const out: Breakdown[] = []
  const masked = (p: number) => masks.some(m => p >= m.start && p < m.end)
  for (let i = text.indexOf('其中'); i !== -1; i = text.indexOf('其中', i + 2)) {
    if (masked(i))
      continue
    // the list: to the full stop (or the next 其中, or a blank-line paragraph without ；)
    // search a bounded window: a text with thousands of 其中 and no 。 must stay linear
    const stop = text.slice(i, i + 2000).indexOf('。')
    let end = stop === -1 ? Math.min(text.length, i + 2000) : i + stop
    const next = text.indexOf('其中', i + 2)
    if (next !== -1 && next < end)
      end = next
    const segStart = i + 2
    const seg = text.slice(segStart, end)
    const formal = seg.includes(';')
    const items: BreakdownItem[] = []
    let off = 0
    for (const part of seg.split(formal ? ';' : /、|(?<!\d),|,(?!\d{3}(?!\d))/)) {
      const start = segStart + off
      off += part.length + 1
      const nums = scanNumbers(part, start).filter(n => counted(n) || n.percent) // shares are checked too
      if (nums.length)
        items.push({ text: part, start, nums })
    }
    // the total: the sentence just before 其中 (or the one before that, after a full stop)
    let pre = text.slice(Math.max(0, i - 250), i).replace(/[\s,:]+$/, '')
    if (pre.endsWith('。'))
      pre = pre.slice(0, -1)
    const cut = Math.max(pre.lastIndexOf('。'), pre.lastIndexOf('\n\n'), pre.lastIndexOf(';'))
    const preStart = i - (text.slice(Math.max(0, i - 250), i).length) + cut + 1
    const totals = scanNumbers(pre.slice(cut + 1), preStart).filter(counted)
    if (items.length >= 2 && totals.length)
      out.push({ totals, items, formal: formal || items.every(it => /%/.test(it.text)) })
  }
  return out
}

/** Totals whose parts do not add up. */
export function checkBreakdown(b: Breakdown): BreakdownMismatch[] {
  const out: BreakdownMismatch[] = []
  const units = new Set(b.totals.map(t => t.unit))
  for (const unit of units) {
    const total = [...b.totals].reverse().find(t => t.unit === unit)!
    const parts: NumberMention[] = []
    let clean = true
    for (const it of b.items) {
      const same = it.nums.filter(n => n.unit === unit)
      if (same.length > 1)
        clean = false
      if (same.length === 1)
        parts.push(same[0]!)
    }
    if (!clean || parts.length < 2 || parts.some(p => p.approx))
      continue
    const sum = Math.round(parts.reduce((a, p) => a + p.value, 0) * 1e6) / 1e6
    const [lo, hi] = approxRange(total.value, total.approx)
    if (sum > hi || (b.formal && sum < lo))
      out.push({ total, parts, sum })
  }
  return out
}

export interface ShareMismatch { item: NumberMention, share: NumberMention, total: NumberMention, actual: number }

/**
 * Items that state their share of the total ("其它类信息207条，占58.1%") with a share their count
 * does not have (207 of 312 is 66.3 %). Printed shares are rounded, so a point of slack is allowed.
 */
export function checkShares(b: Breakdown): ShareMismatch[] {
  const out: ShareMismatch[] = []
  for (const it of b.items) {
    const share = it.nums.find(n => n.percent)
    const count = it.nums.find(n => !n.percent)
    const total = count && [...b.totals].reverse().find(t => t.unit === count.unit && !t.approx)
    if (!share || !count || !total || total.value <= 0 || count.approx)
      continue
    const actual = Math.round(count.value / total.value * 1000) / 10
    if (Math.abs(actual - share.value) > 1)
      out.push({ item: count, share, total, actual })
  }
  return out
}

/** A catalog category name from a list item ("综合政务类公开信息4754条" → 综合政务), or null for a publisher ("办机关发布信息125条"). */
export function categoryName(item: BreakdownItem, n: NumberMention): string | null {
  let name = item.text.slice(0, n.start - item.start).replace(/^[\s:,]+/, '').replace(/[“”"'《》「」]/g, '').trim()
  name = name.replace(/(?:类|栏目|专栏)共?(?:公开|发布|更新)?了?(?:政府)?(?:信息)?$/, '').trim()
  if (name.length < 2 || name.length > 20 || /公开|发布|开通|更新|^共|[,.;:]/.test(name))
    return null
  return name
}
