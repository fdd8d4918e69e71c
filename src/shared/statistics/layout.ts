// Which edition of the national template a year's table follows, and the template's grouped header.
// 国办公开办函〔2019〕60号 set the layout for the reports of 2019 and 2020; 国办公开办函〔2021〕30号
// revised it (其他处理 split into three rows) for the reports from 2021 on.
import type { TemplateLayout } from '../outcomes'
import type { TableColumn } from './requests'
import { APPLICANT_COLUMNS, TOTAL_COLUMN } from '../outcomes'

/** The template edition of a report year: 2019 for 2019–2020 (and earlier years), 2021 after. */
export function layoutForYear(year: number): TemplateLayout {
  return year <= 2020 ? '2019' : '2021'
}

/** The header groups above the applicant columns, as the template prints them. */
export const APPLICANT_HEADER = {
  applicants: { zh: '申请人情况', en: 'Applicants' },
  organisations: { zh: '法人或其他组织', en: 'Legal persons and other organisations' },
} as const

type Lang = 'zh' | 'en'

/**
 * The template's three header lines for the columns after 序号 and 项目: 申请人情况 over all of them;
 * 自然人 · 法人或其他组织 (over its five sub-columns) · 总计; then the five sub-columns. Blank cells
 * are the spanned ones (CSV has no spans; the screen uses rowspan/colspan from the same rule).
 */
export function groupedHeader(columns: readonly TableColumn[], lang: Lang): string[][] {
  const orgs = columns.filter(c => c !== 'total' && APPLICANT_COLUMNS[c].group !== null)
  const first = columns.findIndex(c => orgs.includes(c))
  const top = columns.map((_, i) => (i === 0 ? APPLICANT_HEADER.applicants[lang] : ''))
  const middle = columns.map((c, i) => {
    if (c === 'total')
      return TOTAL_COLUMN[lang]
    if (orgs.includes(c))
      return i === first ? APPLICANT_HEADER.organisations[lang] : ''
    return APPLICANT_COLUMNS[c][lang]
  })
  const bottom = columns.map(c => (orgs.includes(c) ? APPLICANT_COLUMNS[c as Exclude<TableColumn, 'total'>][lang] : ''))
  return [top, middle, bottom]
}
