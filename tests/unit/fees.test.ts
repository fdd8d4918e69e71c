// 信息处理费 under 国办函〔2020〕109号 (条例 Art. 42): both methods, band by band.
import { describe, expect, it } from 'vitest'
import { checkFeeNotice, feeYuan, perItemYuan, perPageYuan } from '~/shared/fees'

describe('按件计收: the n-th application of one applicant to one agency in a calendar month', () => {
  it.each([
    [1, 0, 'up to 10 a month: free'],
    [10, 0, 'the 10th: free'],
    [11, 100, '11th–30th: 100 each'],
    [30, 100, 'the 30th: 100'],
    [31, 200, '31st–40th: 100 more per band of 10'],
    [40, 200, 'the 40th: 200'],
    [41, 300, '41st–50th: 300'],
    [55, 400, '51st–60th: 400'],
  ])('application %i costs %i (%s)', (n, yuan) => {
    expect(perItemYuan(n)).toBe(yuan)
  })
})

describe('按量计收: the pages of one application', () => {
  it.each([
    [30, 0, 'up to 30 pages: free'],
    [31, 10, 'page 31 at 10'],
    [100, 700, 'pages 31–100 at 10'],
    [101, 720, 'page 101 at 20'],
    [200, 2700, 'pages 101–200 at 20'],
    [201, 2740, 'page 201 at 40'],
    [250, 4700, '50 pages beyond 200 at 40'],
  ])('%i pages cost %i (%s)', (pages, yuan) => {
    expect(perPageYuan(pages)).toBe(yuan)
  })
})

describe('the fee notice: one method, the computed amount, a reduction with a reason', () => {
  it('accepts the computed amount, or the amount less a reduction', () => {
    expect(feeYuan({ method: 'perPage', pages: 120 })).toBe(1100)
    expect(checkFeeNotice({ amountYuan: 1100, basis: { method: 'perPage', pages: 120 } })).toBeNull()
    expect(checkFeeNotice({ amountYuan: 600, basis: { method: 'perPage', pages: 120 }, reduction: { yuan: 500, reason: '低保户' } })).toBeNull()
    expect(checkFeeNotice({ amountYuan: 100, basis: { method: 'perItem', nthInMonth: 12 } })).toBeNull()
  })

  it.each([
    [{ amountYuan: 999, basis: { method: 'perPage' as const, pages: 120 } }, 'amountYuan'],
    [{ amountYuan: 100, basis: { method: 'perItem' as const, nthInMonth: 3 } }, 'basis'],
    [{ amountYuan: 100, basis: { method: 'perItem' as const, nthInMonth: 0 } }, 'basis.nthInMonth'],
    [{ amountYuan: 100, basis: { method: 'perPage' as const, pages: 1.5 } }, 'basis.pages'],
    [{ amountYuan: 1, basis: { method: 'perPage' as const, pages: 31 }, reduction: { yuan: 10, reason: '全免' } }, 'reduction.yuan'],
    [{ amountYuan: 1, reduction: { yuan: 1, reason: 'x' } }, 'basis'],
  ])('refuses %j naming %s', (notice, field) => {
    expect(checkFeeNotice(notice)?.field).toBe(field)
  })
})
