// A year schedule written as CSV, the form an operator types or exports from a spreadsheet when the
// State Council's notice comes out (docs/law.md shows an example):
//   date,type,name            (header optional; '#' starts a comment line)
//   2027-01-01,休,元旦         (休 / holiday / rest: an official rest day)
//   2027-02-07,班,春节         (班 / workday / makeup: a make-up working day)
// The rows become the same object `parseYearSchedule` checks, so both formats share one validator.
import type { ScheduleError, YearSchedule } from './calendar'
import { parseYearSchedule } from './calendar'

const REST = new Set(['休', 'holiday', 'rest', '放假'])
const WORK = new Set(['班', 'workday', 'makeup', '上班', '补班'])
const MAX_LINES = 800

const unquote = (s: string) => s.trim().replace(/^"(.*)"$/, '$1').trim()

/** Parses a CSV year schedule for `year`; errors name the line (`line 3`) like a form field. */
export function parseScheduleCsv(text: string, year: unknown, source?: string): { ok: true, value: YearSchedule } | { ok: false, errors: ScheduleError[] } {
  const errors: ScheduleError[] = []
  const lines = text.split(/\r?\n/)
  if (lines.length > MAX_LINES)
    return { ok: false, errors: [{ field: 'csv', message: `at most ${MAX_LINES} lines`, messageZh: `不超过 ${MAX_LINES} 行` }] }
  const holidays: Record<string, unknown> = {}
  const makeUpWorkdays: Record<string, unknown> = {}
  let rows = 0
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#'))
      continue
    const cells = line.split(/[,，\t]/).map(unquote)
    const [date = '', type = '', ...rest] = cells
    if (rows === 0 && /^(?:date|日期)$/i.test(date))
      continue // the header
    rows++
    const name = rest.join(',').trim()
    const field = `csv.line${i + 1}`
    const kind = type.toLowerCase()
    if (!REST.has(kind) && !WORK.has(kind)) {
      errors.push({ field, message: 'type must be 休 (rest day) or 班 (make-up working day)', messageZh: `第${i + 1}行：类型应为“休”或“班”` })
      continue
    }
    if (name === '') {
      errors.push({ field, message: 'the holiday name is missing', messageZh: `第${i + 1}行：缺少节日名称` })
      continue
    }
    const target = REST.has(kind) ? holidays : makeUpWorkdays
    if (Object.hasOwn(holidays, date) || Object.hasOwn(makeUpWorkdays, date)) {
      errors.push({ field, message: `${date.slice(0, 20)} is listed twice`, messageZh: `第${i + 1}行：${date.slice(0, 20)} 重复出现` })
      continue
    }
    target[date] = name
  }
  if (rows === 0)
    errors.push({ field: 'csv', message: 'no rows: expected lines "date,type,name"', messageZh: '没有数据行：每行应为“日期,类型,名称”' })
  if (errors.length > 0)
    return { ok: false, errors }
  return parseYearSchedule({ year, holidays, makeUpWorkdays, ...(source !== undefined ? { source } : {}) })
}
