import type { CaseAction } from '../../shared/review/api'
import type { AgencyRef } from '../../shared/submission/protocol'
/**
 * 条例 Art. 36(5): an answer "本机关不掌握" names the agency that holds the information, from the
 * directory, so the applicant's tracking page can offer to re-address the application to it in one
 * step. The named agency travels in the answer step's details (`referTo`) and, as a sentence, in the
 * applicant-visible note.
 */
import type { Queryable } from '../platform/db'
import { badField } from '../platform/errors'
import { activeAgency, agencyRef } from './store'

/** The outcome under which a referral is allowed. */
export const REFERRAL_OUTCOME = 'unable.notHeld'

/** The extra fields of an answer step that refers the applicant elsewhere (none when it does not). */
export async function referral(tx: Queryable, action: CaseAction & { type: 'answer' }): Promise<{ details?: Record<string, unknown>, publicNote?: string }> {
  if (!action.referTo)
    return {}
  if (action.outcome !== REFERRAL_OUTCOME)
    throw badField('referTo', '只有“本机关不掌握相关政府信息”的答复才能指明负责的机关 (referTo goes with the outcome unable.notHeld)')
  const to = await activeAgency(tx, action.referTo)
  if (!to)
    throw badField('referTo', '指明的机关不存在或已停止受理 (unknown or inactive agency)')
  return { details: { referTo: to.id }, publicNote: `该信息由${to.name}掌握，可向其申请。` }
}

/** The agency an application's answer referred the applicant to, if any (the latest answer counts). */
export async function referredTo(db: Queryable, applicationId: string): Promise<AgencyRef | null> {
  const { rows } = await db.query<{ to: string | null }>(
    `select details->>'referTo' as "to" from case_events where application_id = $1 and kind = 'answer' order by seq desc limit 1`,
    [applicationId],
  )
  return rows[0]?.to ? agencyRef(db, rows[0].to) : null
}
