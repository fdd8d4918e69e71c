import type { TemplateLayout } from '~/shared/outcomes'
import { describe, expect, it } from 'vitest'
import { APPLICANT_COLUMN_KEYS, isOutcomeCode, OUTCOME_CODES, outcomeGroup, OUTCOMES, requestTableRows } from '~/shared/outcomes'

describe('outcome registry (2021 template)', () => {
  it.each([
    ['granted', 1],
    ['partial', 1],
    ['denied', 8],
    ['unable', 3],
    ['notProcessed', 5],
    ['other', 3],
  ])('%s has %i leaf outcomes', (group, n) => {
    expect(OUTCOME_CODES.filter(c => outcomeGroup(c) === group)).toHaveLength(n)
  })

  it('every outcome has Chinese and English labels', () => {
    for (const code of OUTCOME_CODES) {
      expect(OUTCOMES[code].zh).toMatch(/[\u4E00-\u9FFF]/)
      expect(OUTCOMES[code].en.length).toBeGreaterThan(2)
    }
  })

  it.each([
    ['denied.thirdParty', true],
    ['other.feeUnpaid', true],
    ['denied', false],
    ['toString', false],
    [3, false],
  ])('isOutcomeCode(%j) = %s', (value, ok) => {
    expect(isOutcomeCode(value)).toBe(ok)
  })

  it('has the six applicant columns in template order', () => {
    expect(APPLICANT_COLUMN_KEYS).toEqual(['natural', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrg'])
  })
})

describe('table rows', () => {
  it.each([
    ['received', '一', '本年新收政府信息公开申请数量'],
    ['carriedOver', '二', '上年结转政府信息公开申请数量'],
    ['granted', '三（一）', '予以公开'],
    ['denied.stateSecret', '三（三）1', '1.属于国家秘密'],
    ['denied.adminQuery', '三（三）8', '8.属于行政查询事项'],
    ['unable.stillUnclear', '三（四）3', '3.补正后申请内容仍不明确'],
    ['notProcessed.confirmOrReissue', '三（五）5', '5.要求行政机关确认或重新出具已获取信息'],
    ['other.feeUnpaid', '三（六）2', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'],
    ['total', '三（七）', '总计'],
    ['carriedForward', '四', '结转下年度继续办理'],
  ])('2021: %s is numbered %s', (id, number, zh) => {
    expect(requestTableRows('2021').find(r => r.id === id)).toMatchObject({ number, zh })
  })

  it('2019 has one 其他处理 row and no sub-rows', () => {
    const rows = requestTableRows('2019')
    expect(rows.find(r => r.id === 'other')).toMatchObject({ number: '三（六）', zh: '其他处理', kind: 'count' })
    expect(rows.some(r => r.id.startsWith('other.'))).toBe(false)
    expect(rows).toHaveLength(requestTableRows('2021').length - 3) // header and 3 sub-rows become one row
  })

  it.each<TemplateLayout>(['2019', '2021'])('%s: every outcome is counted in exactly one row', (layout) => {
    const counting = requestTableRows(layout).filter(r => r.kind === 'count' && r.id !== 'total')
    for (const code of OUTCOME_CODES)
      expect(counting.filter(r => r.outcomes.includes(code))).toHaveLength(1)
  })
})
