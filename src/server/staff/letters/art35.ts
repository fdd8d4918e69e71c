/**
 * The Art. 35 notices on the server (shared/review/art35.ts): the request to state reasons and the
 * longer reply period go out as letters with the applicant's real name, so drafting one is an
 * audited reveal (`personal.reveal`, reason `letter`), in the step's own transaction.
 */
import type { CaseAction, CaseDetail } from '../../../shared/review/api'
import type { Queryable } from '../../platform/db'
import type { ServerKeys } from '../../platform/keys'
import type { Actor } from '../cases/service'
import { chinaDate } from '../../../shared/calendar'
import { draftArt35Letter } from '../../../shared/review/art35'
import { notFound } from '../../platform/errors'
import { findPersonalEnc } from '../cases/store'
import { audit } from '../store'
import { letterAgency } from './service'

type Art35Action = CaseAction & { type: 'requireReasons' | 'setReasonablePeriod' }

/** Whether a step sends an Art. 35 notice. */
export const isArt35 = (a: CaseAction): a is Art35Action => a.type === 'requireReasons' || a.type === 'setReasonablePeriod'

/** The notice an Art. 35 step sends, with the applicant's real name (audited). */
export async function art35Letter(o: { db: Queryable, keys: ServerKeys, defaultAgency: string }, d: CaseDetail, action: Art35Action, actor: Actor): Promise<string> {
  const id = d.item.id
  const sealed = await findPersonalEnc(o.db, id)
  if (!sealed)
    throw notFound('申请')
  await audit(o.db, { actor: actor.user, action: 'personal.reveal', targetType: 'application', targetId: id, ip: actor.ip, details: { reason: 'letter', step: action.type } })
  const personal = JSON.parse(o.keys.decryptAtRest(sealed)) as { name: string }
  return draftArt35Letter({
    agency: await letterAgency(o.db, d, o.defaultAgency),
    trackingCode: d.item.trackingCode,
    receivedOn: d.clock.receiptDate,
    applicant: personal.name,
    date: chinaDate(new Date()),
    notice: action.type === 'requireReasons' ? { kind: 'reasons', text: action.text } : { kind: 'period', dueDate: action.dueDate, reason: action.reason },
  })
}
