/**
 * Fee notices on the server (国办函〔2020〕109号, shared/fees): the amount must be what the chosen
 * method computes, less a reduction (减免) with its reason; the calculation is kept with the step
 * so the notice can be read back and audited.
 */
import type { CaseAction } from '../../../shared/review/api'
import { checkFeeNotice } from '../../../shared/fees'
import { badField } from '../../platform/errors'

type FeeAction = CaseAction & { type: 'feeNotice' }

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
