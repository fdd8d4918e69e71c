/**
 * Fee notices on the server (国办函〔2020〕109号, shared/fees): the amount must be what the chosen
 * method computes, less a reduction (减免) with its reason; the calculation is kept with the step
 * so the notice can be read back and audited.
 */
import type { CaseAction } from '../../../shared/review/api'
import { checkFeeNotice } from '../../../shared/fees'
import { badField } from '../../platform/errors'

type FeeAction = CaseAction & { type: 'feeNotice' }

/**
 * A 按件 notice counts with the server's number (fees/count.ts) when it has one: staff need not type
 * it, and a typed number that differs is refused (400 naming basis.nthInMonth) rather than trusted.
 * Applications stored before the count existed keep the typed number.
 */
export function withServerCount<A extends FeeAction>(action: A, count: { nthInMonth: number, month: string } | null | undefined): A {
  if (action.basis?.method !== 'perItem' || !count)
    return action
  const typed = (action.basis as { nthInMonth?: number }).nthInMonth
  if (typed !== undefined && typed !== count.nthInMonth)
    throw badField('basis.nthInMonth', `按服务器统计，这是该申请人${count.month}向本机关提出的第${count.nthInMonth}件申请 (the server counts this as application ${count.nthInMonth} of ${count.month})`)
  return { ...action, basis: { method: 'perItem', nthInMonth: count.nthInMonth } }
}

/** Refuses a fee notice whose amount does not follow from its basis (400 naming the field). */
export function checkFee(action: FeeAction): void {
  const problem = checkFeeNotice(action)
  if (problem)
    throw badField(problem.field, `${problem.zh} (${problem.en})`)
}

/** The step's details with the calculation added (none when the amount was given without one). */
export function feeDetails(action: FeeAction, details: Record<string, unknown> | null | undefined): { details?: Record<string, unknown> } {
  if (!action.basis)
    return {}
  return { details: { ...details, fee: { basis: action.basis, ...(action.reduction ? { reduction: action.reduction } : {}) } } }
}
