import type { ReportChannel } from '../report-keys'
/**
 * Figures stated in prose. Each rule looks at one clause (see clauses.ts): a topic word before a
 * number with a fitting unit ("共受理政府信息公开申请42件"), or a negation before the topic with no
 * number at all ("没有收到信息公开申请" → 0, "未发生行政复议" → 0). A figure the text does not
 * mention yields nothing, never 0.
 *
 * Several clauses can speak of the same key (seed 002 names six counts of published items). Each
 * candidate gets a score (scope words 共/全年/全区 up, channel words 网站/微博/触摸屏 down) and
 * index.ts keeps the best; equal best scores with different values become a problem.
 */
import type { Candidate, Span } from './candidate'
import type { Clause } from './clauses'
import type { NumberMention } from './numbers'
import { scanNumbers } from './numbers'

const NEG = '(?:没有|未曾|均未|尚未|并未|从未|[未无])'
/** Whether a number lies inside one of the spans (sorted by start, not overlapping): a binary search, as a list can have thousands of items. */
function inside(n: NumberMention, spans: Span[]): boolean {
  let lo = 0
  let hi = spans.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const s = spans[mid]!
    if (s.start > n.start)
      hi = mid - 1
    else if (s.end < n.end)
      lo = mid + 1
    else
      return true
  }
  return false
}

function candidate(key: string, n: { value: number, unit: string, approx: NumberMention['approx'], start: number, end: number }, score: number): Candidate {
  return { key, value: n.value, unit: n.unit, approx: n.approx, start: n.start, end: n.end, source: 'text', score }
}

function zero(key: string, c: Clause, m: RegExpExecArray, unit: string, score = 1): Candidate {
  return { key, value: 0, unit, approx: null, start: c.start + m.index, end: c.start + m.index + m[0].length, source: 'text', score }
}

/** Text of the clause before a number. */
const before = (c: Clause, n: NumberMention) => c.text.slice(0, n.start - c.start)

const CHANNEL_WORDS = /网站|门户|网|微博|微信|新媒体|客户端|触摸屏|大屏幕|显示屏|公开栏|宣传栏|公告栏|报纸|电视|广播|上传|报送|转发|手机|短信|栏目|专栏|汇编|公报/
const SCOPE_WORDS = /全(?:[区市县省州办局委镇乡厅]|街道|系统|部门)|各类|各单位|各部门|各级/

function proactive(c: Clause, all: NumberMention[], items: Span[], text: string): Candidate[] {
  if (!/信息/.test(c.text) || !/公开|发布/.test(c.text) || /申请|咨询|浏览|访问|点击|下载|粉丝|查阅|解读|回应|目录数|复议|诉讼/.test(c.text))
    return []
  const out: Candidate[] = []
  for (const n of all) {
    if (!/^[条件项]$/.test(n.unit) || inside(n, items))
      continue
    const b = before(c, n)
    // "公开186条信息": the word may follow the count
    if (!/公开|发布/.test(b) || !(/信息/.test(b) || /^\s*(?:政府|政务)?信息/.test(text.slice(n.end, n.end + 4))))
      continue
    // "自2020年1月起…累计公开1416条" adds up the year; "截至年底累计…" is the running total
    const scope = c.prefix + b
    const yearOnly = /自\d{4}年\d{1,2}月|\d{4}年度?(?!底|末)|全年|今年/.test(scope) && !/截至|截止|历年|至今|以来/.test(scope)
    const cumulative = /累计/.test(b) && !/本年|当年|全年|新增/.test(b) && !yearOnly
    let score = 0
    if (/主动公开/.test(b))
      score += 3
    if (/本年度?新增|全年|本年度|本年/.test(b))
      score += 2
    else if (/全年|本年/.test(c.prefix))
      score += 1
    if (/共|总计|合计/.test(b))
      score += 2
    if (SCOPE_WORDS.test(c.prefix + b))
      score += 2
    if (/其中/.test(text.slice(n.end, n.end + 6)))
      score += 2
    if (CHANNEL_WORDS.test(c.prefix + b))
      score -= 3
    if (/主动公开/.test(c.context))
      score += 1
    if (score >= 1)
      out.push(candidate(cumulative ? 'proactive.cumulative' : 'proactive.total', n, score))
  }
  return out
}

function normativeDocs(c: Clause, all: NumberMention[]): Candidate[] {
  if (!/规范性文件/.test(c.text) || /解读|清理|废止|备案|审查|修订|修改/.test(c.text))
    return []
  const out: Candidate[] = []
  for (const n of all) {
    if (!/^[件个份项篇]$/.test(n.unit))
      continue
    const b = before(c, n)
    if (!/规范性文件[\s\d]?[^,;。\d]{0,2}$/.test(b))
      continue
    let score = 1
    if (/主动公开|发布|公开|制发|印发|出台|制定/.test(b))
      score += 2
    if (/共|全年|本年/.test(b))
      score += 1
    out.push(candidate('proactive.normativeDocs', n, score))
  }
  return out
}

const REQ_EXCLUDE = /答复|办结|办理结果|同意|予以|不予|部分公开|咨询|复议|诉讼|其中|当面|传真|网上|网络|信函|电子邮件|邮件|邮寄|目录|结转|占|理由|反复|补正|出版物|信访|举报|投诉|建议|提案/
const REQ_ZERO = new RegExp(`${NEG}(?:收到|受理|接到|接收|接受|发生|出现|有)?[^,;。\\d]{0,14}?(?:依申请公开|信息公开申请|公开申请|申请公开|申请)`)

function requests(c: Clause, all: NumberMention[]): Candidate[] {
  if (!/申请/.test(c.text) || REQ_EXCLUDE.test(c.text))
    return []
  const nums = all.filter(n => /^(?:[件份条个项宗]|人次)$/.test(n.unit))
  if (!nums.length) {
    const m = REQ_ZERO.exec(c.text)
    if (m && /依申请|信息公开|公开申请|申请公开/.test(c.text + c.context) && !/收费|费用/.test(c.text))
      return [zero('requests.total', c, m, '件')]
    return []
  }
  if (!/受理|收到|接到|接收|接受|新收|共有|提出|办理/.test(c.text))
    return []
  return nums.slice(0, 1).map((n) => {
    let score = 1
    if (/共|全年|本年|总/.test(c.text))
      score += 2
    if (/政府信息公开申请|依申请公开/.test(c.text))
      score += 1
    return candidate('requests.total', n, score)
  })
}

// The words each report channel (report-keys.ts) goes by in prose.
const CHANNEL_TERMS: Record<ReportChannel, RegExp> = {
  inPerson: /当面|现场/,
  fax: /传真/,
  email: /电子邮件|电子邮箱|邮件|e-?mail/i,
  online: /网上|网络|互联网|在线|网站|网申/,
  letter: /信函|邮寄|来信|邮政/,
  other: /其他(?:形式|方式|渠道|途径)/,
}
const CHANNELS = Object.entries(CHANNEL_TERMS) as [ReportChannel, RegExp][]

function channels(c: Clause, all: NumberMention[]): Candidate[] {
  if (/咨询|访问|浏览/.test(c.text) || !/申请/.test(c.sentence + c.context))
    return []
  const out: Candidate[] = []
  for (const n of all) {
    if (!/^(?:[件份次]|人次)$/.test(n.unit))
      continue
    const b = before(c, n).slice(-12)
    let best: [string, number] | null = null
    for (const [ch, re] of CHANNELS) {
      const m = re.exec(b)
      if (m && (!best || m.index > best[1]))
        best = [ch, m.index]
    }
    if (best && !/\d/.test(b.slice(best[1])))
      out.push(candidate(`requests.channel.${best[0]}`, n, 2))
  }
  return out
}

const OUTCOME_PHRASES: [RegExp, string][] = [
  [/同意部分公开|部分公开/, 'partial'],
  [/同意公开|予以公开|全部公开/, 'granted'],
  [/不予公开|不公开/, 'denied'],
  [/无法提供/, 'unable'],
  [/不予处理/, 'notProcessed'],
  [/其他处理/, 'other'],
  [/信息不存在/, 'notHeld'],
  [/非本机关/, 'notOurs'],
  [/申请内容不明确/, 'unclear'],
  [/重复申请/, 'duplicate'],
]

function outcomes(c: Clause, all: NumberMention[]): Candidate[] {
  if (/主动公开/.test(c.text) || !/申请|答复/.test(c.sentence + c.context))
    return []
  const out: Candidate[] = []
  for (const n of all) {
    if (!/^[件份个项]$/.test(n.unit))
      continue
    const b = before(c, n)
    if (/答复了?的?(?:申请)?$/.test(b)) {
      out.push(candidate('requests.outcome.total', n, 2))
      continue
    }
    const tail = b.slice(-14)
    let best: [string, number, number] | null = null
    for (const [re, key] of OUTCOME_PHRASES) {
      const m = re.exec(tail)
      if (m && (!best || m.index + m[0].length > best[1] + best[2]))
        best = [key, m.index, m[0].length]
    }
    if (best && tail.length - (best[1] + best[2]) <= 6)
      out.push(candidate(`requests.outcome.${best[0]}`, n, 2))
  }
  return out
}

function carried(c: Clause, all: NumberMention[]): Candidate[] {
  if (!/结转|转入/.test(c.text))
    return []
  const out: Candidate[] = []
  for (const n of all) {
    if (!/^[件份个项]$/.test(n.unit))
      continue
    const b = before(c, n)
    if (/上一?年度?结转[^,;。\d]{0,12}$/.test(b))
      out.push(candidate('requests.carriedOver', n, 2))
    else if (/(?:结转|转入)(?:至|到)?下一?年度?[^,;。\d]{0,8}$/.test(b))
      out.push(candidate('requests.carriedForward', n, 2))
  }
  return out
}

const REVIEW_ZERO = new RegExp(`${NEG}[^,;。\\d]{0,20}?(?:行政复议|行政诉讼|复议|诉讼)`)
const REVIEW_ZERO_AFTER = /(?:行政复议|行政诉讼)[^,;。\d]{0,10}?(?:均为零|为零|均为0|为0|均无|数为零)/

function reviews(c: Clause, all: NumberMention[]): Candidate[] {
  if (!/复议|诉讼/.test(c.text) || /费用|支出|经费|权利|途径|告知/.test(c.text))
    return []
  const nums = all.filter(n => /^[件起宗个次例]$/.test(n.unit))
  const out: Candidate[] = []
  if (!nums.length) {
    const m = REVIEW_ZERO.exec(c.text) ?? REVIEW_ZERO_AFTER.exec(c.text)
    if (m) {
      const rest = c.text.slice(m.index)
      if (/复议/.test(rest))
        out.push(zero('review.total', c, m, '件'))
      if (/诉讼/.test(rest))
        out.push(zero('litigation.total', c, m, '件'))
    }
    return out
  }
  for (const n of nums) {
    const b = before(c, n)
    const tail = b.slice(-14)
    const r = tail.lastIndexOf('复议')
    const l = tail.lastIndexOf('诉讼')
    if (r === -1 && l === -1)
      continue
    if (tail.endsWith('各') && r !== -1 && l !== -1) {
      out.push(candidate('review.total', n, 2), candidate('litigation.total', n, 2))
      continue
    }
    if (/\d/.test(tail.slice(Math.max(r, l))))
      continue
    out.push(candidate(r > l ? 'review.total' : 'litigation.total', n, 2))
  }
  return out
}

const FEE_ZERO = /(?:没有|未曾|均未|尚未|并未|从未|[未无不免])[^,;。\d]{0,16}?(?:收费|收取[^,;。\d]{0,14}?费)/

function fees(c: Clause, all: NumberMention[]): Candidate[] {
  if (!/收费|收取|费用/.test(c.text))
    return []
  if (!/信息/.test(c.sentence) && !/收费|费用/.test(c.context))
    return []
  const nums = all.filter(n => n.unit === '元')
  if (!nums.length) {
    const m = FEE_ZERO.exec(c.text)
    return m ? [zero('fees.total', c, m, '元')] : []
  }
  return nums.filter(n => /(?:收取|收费|费用|收费金额)[^,;。\d]{0,6}$/.test(before(c, n))).map(n => candidate('fees.total', n, 2))
}

const SPEND_ZERO = new RegExp(`${NEG}[^,;。\\d]{0,16}?实际支出`)

function expenses(c: Clause, all: NumberMention[]): Candidate[] {
  if (!/实际支出/.test(c.text))
    return []
  const nums = all.filter(n => n.unit === '元')
  if (!nums.length) {
    const m = SPEND_ZERO.exec(c.text)
    return m ? [zero('expenses.actual', c, m, '元')] : []
  }
  return nums.filter(n => /实际支出[^,;。\d]{0,6}$/.test(before(c, n))).map(n => candidate('expenses.actual', n, 2))
}

function consultations(c: Clause, all: NumberMention[], items: Span[]): Candidate[] {
  if (!/咨询/.test(c.text) || /其中/.test(c.text))
    return []
  if (!/咨询/.test(c.context) && !/信息公开/.test(c.sentence))
    return []
  const out: Candidate[] = []
  for (const n of all) {
    if (!/^(?:[次件个]|人次|批次)$/.test(n.unit) || inside(n, items))
      continue
    const b = before(c, n)
    if (!/咨询/.test(b) || !/共|全年|接受|受理|处理|接待|答复|解答/.test(b))
      continue
    out.push(candidate('consultations.total', n, /共|全年/.test(b) ? 3 : 1))
  }
  return out
}

/** Every prose candidate in the report. `items` are the spans of 其中-list items (not totals). */
export function readProse(clauses: Clause[], itemSpans: Span[], text: string): Candidate[] {
  const items = [...itemSpans].sort((a, b) => a.start - b.start)
  const out: Candidate[] = []
  for (const c of clauses) {
    if (!/[\d未无不免一二两三四五六七八九十百千]|没有/.test(c.text))
      continue
    const all = scanNumbers(c.text, c.start) // once per clause: every rule reads the same numbers
    out.push(
      ...proactive(c, all, items, text),
      ...normativeDocs(c, all),
      ...requests(c, all),
      ...channels(c, all),
      ...outcomes(c, all),
      ...carried(c, all),
      ...reviews(c, all),
      ...fees(c, all),
      ...expenses(c, all),
      ...consultations(c, all, items),
    )
  }
  return out
}
