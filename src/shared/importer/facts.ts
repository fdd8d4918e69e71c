/**
 * Report facts: title, agency, the year covered and the publication date.
 * - Title: an early line naming a 政府信息公开 (or 政务公开) report.
 * - Agency: the title's words before the year / before 政府信息公开; a bare "市政务服务管理办" is
 *   qualified with the place the text names next to it ("沈阳市政务服务办"); with no title, the
 *   place the text names most often ("宿州市" → 宿州市人民政府 where the text writes that).
 * - Year covered: the title's year, a stated statistics period, "现将2008年工作情况报告如下",
 *   else the year before publication. Never the publication year just because it is printed.
 * - publishedAt: a date standing alone on a line (the report's own signature date, under the title
 *   or at the end) beats a labelled web-page date (发布日期:) which beats a date in page chrome.
 */
import { parseYear, scanDates } from './numbers'

const YEAR = '(\\d{4}|[〇零一二三四五六七八九]{4})'
const REPORT_WORDS = /(?:政府信息公开|政务公开|信息公开).{0,12}(?:报告|年报)|年度报告|工作报告/

/**
 * What a publishing body's name ends with: governments and their offices, departments (局, 委员会,
 * 厅 ...), zones (开发区, 实验区, 新区 ...) and their 管委会, 街道, 乡镇. Longer first.
 */
const BODY = '(?:人民政府办公厅|人民政府办公室|人民政府|政府办公厅|政府办公室|管理委员会|委员会|管委会|办事处|办公厅|办公室|政府|'
  + '经济技术开发区|高新技术产业开发区|开发区|实验区|高新区|经开区|新区|示范区|试验区|园区|保税区|'
  + '管理局|监督局|中心|街道|[局厅署委办镇乡])'
/** A whole name ending in BODY, standing alone (a line above the title, or the title's words before the year). */
const WHOLE_BODY = new RegExp(`^[\\u4E00-\\u9FFF()]{2,40}${BODY}$`)
export interface Facts {
  title: string
  agency: string | null
  year: number | null
  publishedAt: string | null
  /** The title names one year and the stated statistics period another (the period wins). */
  yearConflict: { title: number, period: number } | null
}

export function readFacts(text: string, breadcrumbs: string[]): Facts {
  const lines = text.split('\n')
  const early = lines.slice(0, 25).map(l => l.trim()).filter(Boolean)
  // <title> often carries the site name after _ or |: "…年度报告_江城市人民政府"
  // A menu link ("政府信息公开年报") can come before the real title: prefer a line that names a year.
  const titles = early.filter(l => l.length <= 80 && REPORT_WORDS.test(l) && !/[。:]$/.test(l) && !/^(?:本|根据|按照|现将)/.test(l))
  const titleIdx = Math.max(0, titles.findIndex(l => /\d{4}|[〇零一二三四五六七八九]{4}/.test(l)))
  const titleLine = titles[titleIdx]?.replace(/\s*(?:[_|]| - ).*$/, '')
  // "福州市市场监督管理局" on the line above "2019年度政府信息公开工作年度报告"
  const above = titleLine === undefined ? undefined : early[early.indexOf(titles[titleIdx]!) - 1]
  let year = readYear(titleLine, text, breadcrumbs)
  // A title that names another year than the statistics period it states is a typo in one of the
  // two; the period, written out day by day, is the one the figures belong to.
  const period = statedPeriod(text)
  const yearConflict = year !== null && period !== null && period !== year && titleLine !== undefined ? { title: year, period } : null
  if (yearConflict)
    year = period
  const publishedAt = readPublishedAt(lines, year)
  year ??= publishedAt ? inferYear(publishedAt) : null
  // the year the opening talks about: "2014年，县政府…", "本单位2014年度没有收到…"
  year ??= mostMentionedYear(text)
  // no title at all: a line that is only a body's name ("浑南区国资局") heads the page
  const heading = titleLine === undefined ? early.slice(0, 3).find(l => l.length <= 30 && WHOLE_BODY.test(l.replace(/\s/g, ''))) : undefined
  const agency = readAgency(titleLine, above ?? heading, text)
  // No title line (seeds 001, 004): name the report the way agencies title theirs.
  const title = titleLine ?? `${agency ?? ''}${year ? `${year}年度` : ''}政府信息公开工作年度报告`
  return { title, agency, year, publishedAt, yearConflict }
}

function inferYear(iso: string): number {
  const y = Number(iso.slice(0, 4))
  const month = Number(iso.slice(5, 7))
  // A report is published in the following spring; one dated in December covers its own year.
  return month >= 11 ? y : y - 1
}

/** "统计期限自2021年1月1日起至12月31日止": the year of a stated whole-year statistics period. */
function statedPeriod(text: string): number | null {
  const m = new RegExp(`(?:统计|数据)[^。\\n]{0,12}?[自从为]?${YEAR}年\\s*1月\\s*1日起?\\s*[至到\\-—~]\\s*(?:${YEAR}年\\s*)?12月\\s*31日`).exec(text.slice(0, 20_000))
  if (!m)
    return null
  const from = parseYear(m[1]!)
  const to = m[2] ? parseYear(m[2]) : from
  return from !== null && from === to ? from : null
}

/** The year named most often near the start (at least twice), for reports with no title and no stated period. */
function mostMentionedYear(text: string): number | null {
  const counts = new Map<number, number>()
  for (const m of text.slice(0, 3000).matchAll(/(?<!\d)(20\d{2})\s*年(?!\s*\d{1,2}\s*月)/g)) {
    const y = Number(m[1])
    counts.set(y, (counts.get(y) ?? 0) + 1)
  }
  let best: number | null = null
  for (const [y, n] of counts) {
    if (n >= 2 && (best === null || n > counts.get(best)! || (n === counts.get(best)! && y > best)))
      best = y
  }
  return best
}

function readYear(titleLine: string | undefined, text: string, breadcrumbs: string[]): number | null {
  const patterns = [
    new RegExp(`${YEAR}\\s*年度?`),
  ]
  if (titleLine) {
    for (const re of patterns) {
      const m = re.exec(titleLine)
      const y = m && parseYear(m[1]!)
      if (y)
        return y
    }
  }
  const stated = [
    new RegExp(`统计(?:期限|期间|时限|时段|区间|范围)?[^。\\n]{0,8}?自?${YEAR}年\\s*1月\\s*1日`),
    new RegExp(`${YEAR}年\\s*1月\\s*1日起?\\s*[至到\\-—~]\\s*\\1年\\s*12月\\s*31日`),
    new RegExp(`现将${YEAR}年度?[^。\\n]{0,16}报告`),
    new RegExp(`${YEAR}年度?(?:政府信息公开|政务公开|信息公开)[^。\\n]{0,10}(?:年度)?(?:工作)?(?:报告|年报)`),
    new RegExp(`(?:本|该)报告[^。\\n]{0,20}?${YEAR}年度?`),
  ]
  for (const re of stated) {
    const m = re.exec(text.slice(0, 20_000))
    const y = m && parseYear(m[1]!)
    if (y)
      return y
  }
  for (const b of breadcrumbs) {
    const m = new RegExp(`${YEAR}\\s*年度?(?:\\s|->|>|$)`).exec(b)
    const y = m && parseYear(m[1]!)
    if (y)
      return y
  }
  return null
}

function readPublishedAt(lines: string[], year: number | null): string | null {
  const plausible = (y: number) => year === null || (y >= year && y <= year + 2)
  const standalone: { iso: string, line: number }[] = []
  const labelled: string[] = []
  const loose: string[] = []
  lines.forEach((line, idx) => {
    if (line.length > 60 || !/[年\-/.]/.test(line))
      return
    const dates = scanDates(line).filter(d => plausible(d.year))
    if (!dates.length)
      return
    const rest = line.replace(/\d{4}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}\s*日?|[〇零一二三四五六七八九]{4}年[十一二三四五六七八九]{1,3}月[十一二三四五六七八九]{1,3}日/g, '').replace(/[\s()（）]/g, '')
    if (rest === '')
      standalone.push({ iso: dates[0]!.iso, line: idx })
    else if (/(?:发布|印发|成文|公开|生成)(?:日期|时间)|^日期/.test(line))
      labelled.push(dates[0]!.iso)
    else if (idx < 15 && /来源|时间|日期|浏览|作者/.test(line))
      loose.push(dates[0]!.iso)
  })
  // A signature date at the end beats one under the title only when the top has none.
  const top = standalone.find(s => s.line < 20)
  const last = standalone.at(-1)
  return top?.iso ?? last?.iso ?? labelled[0] ?? loose[0] ?? null
}

/** Characters that start a phrase rather than a place name (全市, 我区, 在沈阳市 ...). */
const NOT_PLACE_START = /^[全本我各该每此其市区县省镇乡村街社小园景片地城辖郊在于对由向从是的和与及把将据经为了到或等即按照根确定设立开展加强]/

/** The place the text names most often: 宿州市, 道外区, 哈尔滨市 (ties go to the longer name). */
function mostNamedPlace(text: string): string | null {
  const counts = new Map<string, number>()
  const sample = text.slice(0, 60_000)
  for (let i = 0; i < sample.length; i++) {
    const unit = sample[i]!
    if (unit !== '市' && unit !== '区' && unit !== '县')
      continue
    let runStart = i
    while (runStart > 0 && i - runStart < 4 && /[\u4E00-\u9FFF]/.test(sample[runStart - 1]!))
      runStart--
    for (let len = 2; len <= i - runStart; len++) {
      const name = sample.slice(i - len, i)
      if (NOT_PLACE_START.test(name) || /[市区县省]/.test(name))
        continue
      const key = name + unit
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
  }
  let best: string | null = null
  let bestN = 1
  for (const [k, n] of counts) {
    if (n > bestN || (n === bestN && best !== null && k.length > best.length && k.endsWith(best))) {
      best = k
      bestN = n
    }
  }
  return best
}

/** "由福州市市场监督管理局编制" / "…局(以下简称…)" in the opening sentences. */
const OPENING = [
  new RegExp(`由([\\u4E00-\\u9FFF()]{2,40}?${BODY})(?:根据|依据|按照|依照|负责|综合|汇总|结合|编制|组织|会同)`),
  new RegExp(`(?:^|[。\\n,;:])([\\u4E00-\\u9FFF()]{2,40}?${BODY})\\((?:以下|下)简称`),
  new RegExp(`(?:^|[。\\n])(?:现将|兹将)?([\\u4E00-\\u9FFF()]{2,40}?${BODY})${YEAR}年度?(?:政府信息公开|政务公开)`),
]
/** Words that begin a phrase rather than a name: cut them off the front of a matched name. */
const LEADING_WORDS = /^(?:本报告|本年度报告|本年度|本|根据|按照|依据|现将|兹将|我们|[我在对经由是为])+/

function cleanName(name: string): string | null {
  const n = name.replace(LEADING_WORDS, '').replace(/^[()]+|[()]+$/g, '').trim()
  return n.length >= 2 ? n : null
}

/** "市政务服务管理办": find which 市 the text means, next to the same office name. */
function qualify(agency: string, text: string): string {
  if (!/^[市区县州]/.test(agency))
    return agency
  const stem = agency.slice(1, 5)
  const m = new RegExp(`([\\u4E00-\\u9FFF]{2,3})${agency[0]}${stem.slice(0, 2)}`).exec(text)
  if (!m)
    return agency
  let place = m[1]!
  if (place.length === 3 && NOT_PLACE_START.test(place))
    place = place.slice(1)
  return NOT_PLACE_START.test(place) ? agency : place + agency
}

function readAgency(titleLine: string | undefined, above: string | undefined, text: string): string | null {
  let agency: string | null = null
  if (titleLine) {
    const t = titleLine.replace(/^[《“"【[]+|[》”"】\]]+$/g, '').replace(/^关于/, '')
    const yearAt = t.search(new RegExp(`\\(?${YEAR}\\s*年`))
    const wordsAt = t.search(/政府信息公开|政务公开|信息公开/)
    const cut = Math.min(...[yearAt, wordsAt].filter(p => p > 0), Infinity)
    const before = Number.isFinite(cut) ? t.slice(0, cut) : ''
    agency = before.replace(new RegExp(`^${YEAR}\\s*年度?`), '').replace(/[\s(（:]+$/, '').replace(/的$/, '').trim() || null
    if (!agency && yearAt === 0) { // 2012年度津市市政府信息公开工作
      const m = /^(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年度?(.+?)(?:政府信息公开|政务公开|信息公开)/.exec(t)
      agency = m?.[1]?.trim().replace(/^(?:政府|政务|年度)$/, '') || null
    }
  }
  if (!agency && above && above.length <= 40 && WHOLE_BODY.test(above.replace(/\s/g, '')))
    agency = above.replace(/\s/g, '')
  if (agency)
    return qualify(agency, text)
  // No name in the title: the opening sentences say who compiled the report.
  const opening = text.slice(0, 1500)
  for (const re of OPENING) {
    const m = re.exec(opening)
    const name = m && cleanName(m[1]!)
    const q = name && qualify(name, text)
    if (q && !/^[我本市区县州省镇乡]/.test(q))
      return q
  }
  const place = mostNamedPlace(text)
  if (!place)
    return null
  for (const suffix of ['人民政府办公室', '人民政府', '政府']) {
    if (text.includes(place + suffix))
      return place + suffix
  }
  return place
}
