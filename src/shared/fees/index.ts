/**
 * The information-processing fee (信息处理费) of 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号),
 * which 条例 Art. 42 allows only where an applicant's volume or frequency clearly exceeds what is
 * reasonable. Two methods, and an agency uses one per application:
 *  - 按件 (perItem): counted over one applicant's applications to the agency in one calendar month;
 *    the first 10 are free, the 11th–30th cost 100 yuan each, and from the 31st every further band
 *    of 10 costs 100 yuan more per application (31st–40th 200, 41st–50th 300, …).
 *  - 按量 (perPage): by the pages of one application: up to 30 free, pages 31–100 at 10 yuan,
 *    101–200 at 20 yuan, beyond 200 at 40 yuan.
 * The bands are one table (FEE_SCHEDULE) so that a revision of the 办法 is a data change. The
 * applicant has 20 working days from the notice to pay (ClockSettings.feePaymentWorkingDays).
 */

/** The bands of both methods: `from` is the first item (or page) of the band, `yuan` the price of each. */
export const FEE_SCHEDULE = {
  perItem: { free: 10, bands: [{ from: 11, yuan: 100 }], stepFrom: 31, stepSize: 10, stepYuan: 100 },
  perPage: { free: 30, bands: [{ from: 31, yuan: 10 }, { from: 101, yuan: 20 }, { from: 201, yuan: 40 }] },
} as const

export const FEE_METHODS = {
  perItem: { zh: '按件计收', en: 'Per application' },
  perPage: { zh: '按量计收', en: 'By pages' },
} as const

/** What a fee is computed from: the application's place in the applicant's month, or its pages. */
export type FeeBasis
  = | { method: 'perItem', /** This application is the applicant's n-th to the agency this calendar month. */ nthInMonth: number }
    | { method: 'perPage', pages: number }

/** The price of the n-th application of one applicant in one calendar month (按件). */
export function perItemYuan(n: number): number {
  const s = FEE_SCHEDULE.perItem
  if (n <= s.free)
    return 0
  if (n < s.stepFrom)
    return s.bands[0].yuan
  return s.bands[0].yuan + s.stepYuan * (Math.floor((n - s.stepFrom) / s.stepSize) + 1)
}

/** The fee for one application of `pages` pages (按量): each band's pages at that band's price. */
export function perPageYuan(pages: number): number {
  const { bands } = FEE_SCHEDULE.perPage
  let total = 0
  bands.forEach((b, i) => {
    const last = i + 1 < bands.length ? bands[i + 1]!.from - 1 : Infinity
    if (pages >= b.from)
      total += (Math.min(pages, last) - b.from + 1) * b.yuan
  })
  return total
}

/** The fee for one application, by its basis. */
export function feeYuan(basis: FeeBasis): number {
  return basis.method === 'perItem' ? perItemYuan(basis.nthInMonth) : perPageYuan(basis.pages)
}

/** A fee notice as staff send it: the computed amount, less any reduction (减免) with its reason. */
export interface FeeNoticeInput { amountYuan: number, basis?: FeeBasis, reduction?: { yuan: number, reason: string } }

/** Why a fee notice cannot go out, or null: the field and a message in both languages. */
export function checkFeeNotice(n: FeeNoticeInput): { field: string, zh: string, en: string } | null {
  if (!n.basis)
    return n.reduction ? { field: 'basis', zh: '减免须以计算出的费用为基础，请选择计费方式。', en: 'A reduction needs the computed fee: choose a method.' } : null
  const b = n.basis
  if (b.method === 'perItem' && !(Number.isInteger(b.nthInMonth) && b.nthInMonth >= 1))
    return { field: 'basis.nthInMonth', zh: '本月申请件数须为正整数。', en: 'The count this month must be a positive whole number.' }
  if (b.method === 'perPage' && !(Number.isInteger(b.pages) && b.pages >= 1))
    return { field: 'basis.pages', zh: '页数须为正整数。', en: 'Pages must be a positive whole number.' }
  const computed = feeYuan(b)
  if (computed === 0)
    return { field: 'basis', zh: '未超过收费标准，不收取信息处理费。', en: 'Below the threshold: no fee is charged.' }
  const reduction = n.reduction?.yuan ?? 0
  if (reduction < 0 || reduction >= computed)
    return { field: 'reduction.yuan', zh: '减免金额须小于应收金额；全部免收的，不发收费通知。', en: 'A reduction must be less than the fee; a full waiver sends no notice.' }
  if (Math.abs(n.amountYuan - (computed - reduction)) > 0.001)
    return { field: 'amountYuan', zh: `金额应为${computed - reduction}元（按${FEE_METHODS[b.method].zh}计算${computed}元${reduction ? `，减免${reduction}元` : ''}）。`, en: `The amount must be ${computed - reduction} yuan (${computed} computed${reduction ? `, ${reduction} reduced` : ''}).` }
  return null
}
