/**
 * The annual-report importer. Foundation pass: report facts only (title, agency, year, date).
 * Figure extraction is the annual-reports issue's work and lands here behind the same API.
 */
import type { ImportedReport, ReportTemplate } from './types'

export type * from './types'

const CHROME = /^(?:首页|字号|\[字体|打印|扫一扫|浏览次数|•|信息来源|来源)/

/** Drops navigation and page furniture lines that sites wrap around a report. */
export function stripChrome(raw: string): string {
  return raw
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter(line => !CHROME.test(line.trim()) && !/->|>政务公开/.test(line))
    .join('\n')
    .trim()
}

function findTitle(text: string): string {
  const lines = text.split('\n').map(l => l.trim()).filter(Boolean)
  return lines.find(l => l.length <= 60 && /报告$|年度报告|工作报告/.test(l))
    ?? lines.find(l => l.length <= 60)
    ?? '政府信息公开工作年度报告'
}

function findYear(title: string, text: string): number | null {
  const m = title.match(/(20\d{2})\s*年/) ?? text.match(/(20\d{2})\s*年度?(?:工作情况|政府信息公开)/) ?? text.match(/(20\d{2})年/)
  return m ? Number(m[1]) : null
}

function findPublishedAt(raw: string): string | null {
  const m = raw.match(/(20\d{2})\s*[-年]\s*(\d{1,2})\s*[-月]\s*(\d{1,2})\s*日?/)
  if (!m)
    return null
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`
}

function findAgency(title: string, text: string): string {
  const fromTitle = title.replace(/[（(]?20\d{2}\s*年.*$/, '').replace(/政府信息公开.*$/, '').trim()
  if (fromTitle)
    return fromTitle
  const m = text.match(/([\u4E00-\u9FA5]{2,12}[市区县局委办])(?:政务公开办公室|人民政府)/)
  return m ? m[1]! : '未知机关'
}

export function importReport(raw: string): ImportedReport {
  const text = stripChrome(raw)
  const title = findTitle(text)
  const year = findYear(title, text)
  const template: ReportTemplate = year !== null && year >= 2021 ? '2021' : year !== null && year >= 2019 ? '2019' : 'legacy'
  return {
    title,
    agency: findAgency(title, text),
    year,
    publishedAt: findPublishedAt(raw),
    template,
    text,
    sections: [],
    figures: {},
    problems: [],
  }
}
