import type { OutcomeCode } from '~/shared/outcomes'
import type { AppealRecord, StatCase, TableColumn } from '~/shared/statistics'
import { describe, expect, it } from 'vitest'
import { appealTableCsv, buildAppealTable, buildRequestTable, layoutForYear, requestTableCsv, rowValues, tableFigures, toCsv } from '~/shared/statistics'

function c(id: string, column: StatCase['column'], receivedDate: string, answeredDate: string | null, outcome: OutcomeCode | null): StatCase {
  return { id, agencyId: 'a1', column, receivedDate, answeredDate, outcome }
}

// A year (2025) of one agency's cases, each chosen to land in a known cell.
const CASES: StatCase[] = [
  c('1', 'natural', '2024-12-20', '2025-01-10', 'granted'), // carried over, answered
  c('2', 'natural', '2024-11-01', '2024-11-20', 'granted'), // closed last year: not in the table
  c('3', 'commercial', '2025-03-01', '2025-03-20', 'partial'),
  c('4', 'research', '2025-05-01', '2025-05-20', 'denied.thirdParty'),
  c('5', 'legalService', '2025-06-01', '2025-06-15', 'unable.notHeld'),
  c('6', 'publicInterest', '2025-07-01', '2025-07-10', 'notProcessed.duplicate'),
  c('7', 'otherOrg', '2025-08-01', '2025-09-15', 'other.amendmentOverdue'),
  c('8', 'natural', '2025-09-01', '2025-09-10', 'other.feeUnpaid'),
  c('9', 'natural', '2025-12-20', '2026-01-10', 'granted'), // answered next year: carried forward
  c('10', 'natural', '2025-12-28', null, null), // open: carried forward
  c('11', 'natural', '2026-01-05', null, null), // next year: not in the table
  c('12', 'natural', '2024-12-30', null, null), // carried over and forward
  c('13', 'natural', '2025-04-01', '2025-04-10', 'other.other'),
  { ...c('14', 'natural', '2025-04-01', '2025-04-10', 'granted'), agencyId: 'a2' }, // another agency
]

const table = buildRequestTable(CASES, { year: 2025, agency: '某某区人民政府办公室', agencyId: 'a1' })

describe('收到和处理政府信息公开申请情况 (2021 layout)', () => {
  it.each<[string, Partial<Record<TableColumn, number>>]>([
    ['received', { natural: 4, commercial: 1, research: 1, publicInterest: 1, legalService: 1, otherOrg: 1, total: 9 }],
    ['carriedOver', { natural: 2, commercial: 0, total: 2 }],
    ['granted', { natural: 1, total: 1 }],
    ['partial', { commercial: 1, total: 1 }],
    ['denied.thirdParty', { research: 1, total: 1 }],
    ['denied.stateSecret', { total: 0 }],
    ['unable.notHeld', { legalService: 1, total: 1 }],
    ['notProcessed.duplicate', { publicInterest: 1, total: 1 }],
    ['other.amendmentOverdue', { otherOrg: 1, total: 1 }],
    ['other.feeUnpaid', { natural: 1, total: 1 }],
    ['other.other', { natural: 1, total: 1 }],
    ['total', { natural: 3, commercial: 1, research: 1, publicInterest: 1, legalService: 1, otherOrg: 1, total: 8 }],
    ['carriedForward', { natural: 3, total: 3 }],
  ])('row %s', (id, expected) => {
    expect(rowValues(table, id)).toMatchObject(expected)
  })

  it('passes 一 + 二 = 三（七） + 四 in every column, with no problems', () => {
    expect(table.check).toEqual({ ok: true, mismatches: [] })
    expect(table.problems).toEqual([])
  })

  it('header rows carry no figures', () => {
    expect(table.rows.find(r => r.def.id === 'results')?.values).toBeNull()
    expect(table.rows.find(r => r.def.id === 'denied.header')?.values).toBeNull()
  })

  it('group totals add their sub-rows', () => {
    expect(table.groupTotals.other).toMatchObject({ natural: 2, otherOrg: 1, total: 3 })
    expect(table.groupTotals.denied.total).toBe(1)
  })

  it('next year starts from this year\'s carried-forward', () => {
    const next = buildRequestTable(CASES, { year: 2026, agency: 'x', agencyId: 'a1' })
    expect(rowValues(next, 'carriedOver')).toEqual(rowValues(table, 'carriedForward'))
    expect(next.check.ok).toBe(true)
  })

  it('counts every agency when no agencyId is given', () => {
    expect(rowValues(buildRequestTable(CASES, { year: 2025, agency: 'all' }), 'received')?.total).toBe(10)
  })
})

describe('2019 layout', () => {
  const t2019 = buildRequestTable(CASES, { year: 2025, agency: 'x', agencyId: 'a1', layout: '2019' })
  it('has 其他处理 as one row', () => {
    expect(rowValues(t2019, 'other')).toMatchObject({ natural: 2, otherOrg: 1, total: 3 })
    expect(rowValues(t2019, 'other.feeUnpaid')).toBeNull()
    expect(t2019.check.ok).toBe(true)
  })
})

describe('broken cases show up in the check and the problems', () => {
  it.each<[string, StatCase, string, TableColumn[]]>([
    ['answered without an outcome', c('x', 'natural', '2025-02-01', '2025-02-10', null), 'noOutcome', ['natural', 'total']],
    ['unknown outcome', c('x', 'research', '2025-02-01', '2025-02-10', 'granted.maybe' as OutcomeCode), 'unknownOutcome', ['research', 'total']],
    ['answered before it was received', c('x', 'natural', '2025-02-10', '2025-02-01', 'granted'), 'answeredBeforeReceived', []],
    ['bad date', c('x', 'natural', '2025-02-30', null, null), 'badDate', []],
    ['outcome without a date: counted as open', c('x', 'natural', '2025-02-01', null, 'granted'), 'outcomeWithoutDate', []],
  ])('%s', (_, bad, code, mismatched) => {
    const t = buildRequestTable([...CASES, bad], { year: 2025, agency: 'x', agencyId: 'a1' })
    expect(t.problems.map(p => p.code)).toEqual([code])
    expect(t.check.mismatches.map(m => m.column)).toEqual(mismatched)
    expect(t.check.ok).toBe(mismatched.length === 0)
  })
})

describe('行政复议、行政诉讼', () => {
  const r = (kind: AppealRecord['kind'], filedDate: string, result: AppealRecord['result'], concludedDate: string | null): AppealRecord => ({ kind, filedDate, result, concludedDate })
  const reviews = buildAppealTable([
    r('reconsideration', '2025-03-01', 'upheld', '2025-05-01'),
    r('reconsideration', '2025-11-01', 'corrected', '2026-01-10'), // decided next year: pending at year end
    r('reconsideration', '2025-04-01', null, '2025-06-01'), // concluded without result: pending, flagged
    r('lawsuitDirect', '2025-02-01', 'corrected', '2025-08-01'),
    r('lawsuitDirect', '2024-12-01', 'upheld', '2025-03-01'), // filed last year
    r('lawsuitAfterReconsideration', '2025-04-01', 'other', '2025-10-01'),
  ], { year: 2025, agency: 'x' })

  it.each([
    ['reconsideration', { upheld: 1, corrected: 0, other: 0, pending: 2, total: 3 }],
    ['lawsuitDirect', { upheld: 0, corrected: 1, other: 0, pending: 0, total: 1 }],
    ['lawsuitAfterReconsideration', { upheld: 0, corrected: 0, other: 1, pending: 0, total: 1 }],
  ] as const)('%s', (kind, expected) => {
    expect(reviews.groups[kind]).toEqual(expected)
  })

  it('flags a concluded case without a result', () => {
    expect(reviews.problems).toHaveLength(1)
  })

  it('feeds review.total and litigation.total', () => {
    expect(tableFigures(table, reviews)).toMatchObject({ 'review.total': 3, 'litigation.total': 2 })
  })
})

describe('report figures (METRICS.md keys)', () => {
  const figures = tableFigures(table)
  it.each([
    ['requests.total', 9],
    ['requests.total@natural', 4],
    ['requests.total@otherOrg', 1],
    ['requests.carriedOver', 2],
    ['requests.carriedForward', 3],
    ['requests.outcome.granted', 1],
    ['requests.outcome.partial@commercial', 1],
    ['requests.outcome.denied', 1],
    ['requests.outcome.denied.thirdParty@research', 1],
    ['requests.outcome.denied.stateSecret', 0],
    ['requests.outcome.unable', 1],
    ['requests.outcome.notProcessed', 1],
    ['requests.outcome.other', 3],
    ['requests.outcome.other@natural', 2],
    ['requests.outcome.total', 8],
  ])('%s = %i', (key, value) => {
    expect(figures[key]).toBe(value)
  })

  it('publishes no key METRICS.md does not define', () => {
    for (const key of Object.keys(figures))
      expect(key).toMatch(/^requests\.(?:total|carriedOver|carriedForward|outcome\.(?:granted|partial|denied|unable|notProcessed|other|total)|outcome\.denied\.(?:stateSecret|lawProhibited|securityStability|thirdParty|internalAffairs|process|enforcementFile|adminQuery))(?:@(?:natural|commercial|research|publicInterest|legalService|otherOrg))?$/)
  })
})

describe('cSV', () => {
  it.each<[(string | number)[], string]>([
    [['a', 1, -3], 'a,1,-3'],
    [['a,b', 'say "hi"'], '"a,b","say ""hi"""'],
    [['two\nlines'], '"two\nlines"'],
    [['=1+1', '@SUM(A1)', '-x'], '\'=1+1,\'@SUM(A1),\'-x'],
  ])('toCsv(%j)', (row, line) => {
    expect(toCsv([row])).toBe(`\uFEFF${line}\r\n`)
  })

  it('exports the request table for Excel', () => {
    const csv = requestTableCsv(table)
    // The template's grouped header on three lines: 申请人情况; 自然人 · 法人或其他组织 · 总计; the five sub-columns.
    expect(csv.startsWith('\uFEFF序号,项目,申请人情况,,,,,,\r\n,,自然人,法人或其他组织,,,,,总计\r\n,,,商业企业,科研机构,社会公益组织,法律服务机构,其他,\r\n')).toBe(true)
    const lines = csv.slice(1).trimEnd().split('\r\n')
    expect(lines).toHaveLength(table.rows.length + 3)
    expect(lines).toContain('一,本年新收政府信息公开申请数量,4,1,1,1,1,1,9')
    expect(lines).toContain('三（三）4,4.保护第三方合法权益,0,0,1,0,0,0,1')
    expect(lines).toContain('三,本年度办理结果,,,,,,,')
  })

  it('exports in English', () => {
    expect(requestTableCsv(table, 'en').split('\r\n').slice(0, 3)).toEqual(['\uFEFFNo.,Item,Applicants,,,,,,', ',,Natural persons,Legal persons and other organisations,,,,,Total', ',,,Commercial enterprises,Research institutions,Public-interest organisations,Legal service organisations,Other organisations,'])
  })

  it.each([
    [2019, '2019', '国办公开办函〔2019〕60号: reports of 2019'],
    [2020, '2019', 'and 2020'],
    [2021, '2021', '国办公开办函〔2021〕30号: reports from 2021'],
    [2026, '2021', 'and after'],
  ])('the report year %i uses the %s layout (%s)', (year, layout) => {
    expect(layoutForYear(year)).toBe(layout)
  })

  it('exports the review table', () => {
    const csv = appealTableCsv(buildAppealTable([], { year: 2025, agency: 'x' }))
    expect(csv).toBe('\uFEFF类别,结果维持,结果纠正,其他结果,尚未审结,总计\r\n行政复议,0,0,0,0,0\r\n行政诉讼（未经复议直接起诉）,0,0,0,0,0\r\n行政诉讼（复议后起诉）,0,0,0,0,0\r\n')
  })
})
