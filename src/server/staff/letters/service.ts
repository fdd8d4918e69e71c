/**
 * Reply letters (告知书) on the server: the first draft with the applicant's real name and the
 * agencies' names and contacts from the directory, and the check that refuses to send a letter
 * with an unfilled placeholder or a masked name. Drafting decrypts the name, so each draft is an
 * audited reveal (`personal.reveal`, reason `letter`), written before the name leaves.
 */
import type { Agency } from '../../../shared/agencies/types'
import type { OutcomeCode } from '../../../shared/outcomes'
import type { CaseDetail } from '../../../shared/review/api'
import type { LetterAgency } from '../../../shared/review/letter'
import type { Queryable } from '../../platform/db'
import type { ServerKeys } from '../../platform/keys'
import type { Actor } from '../cases/service'
import { chinaDate } from '../../../shared/calendar'
import { draftReplyLetter, letterPlaceholders } from '../../../shared/review/letter'
import { REFERRAL_OUTCOME } from '../../agencies/referral'
import { getAgency } from '../../agencies/store'
import { badField, notFound } from '../../platform/errors'
import { findPersonalEnc } from '../cases/store'
import { audit } from '../store'

const asLetterAgency = (a: Agency): LetterAgency => ({ name: a.name, officeName: a.officeName, officeAddress: a.officeAddress, officePhone: a.officePhone })

/**
 * A case's agency as its letters name it, from the directory: the case's agency when staff
 * registered it by id, else the agency the applicant chose (general.agencyId) unless staff
 * registered the case under another name; else the stored name as it is (no contact line).
 */
export async function letterAgency(db: Queryable, d: CaseDetail, defaultAgency: string): Promise<LetterAgency> {
  const byId = await getAgency(db, d.item.agency)
  if (byId)
    return asLetterAgency(byId)
  const chosen = typeof d.general.agencyId === 'string' ? await getAgency(db, d.general.agencyId) : null
  if (chosen && [defaultAgency, chosen.name, chosen.shortName].includes(d.item.agency))
    return asLetterAgency(chosen)
  return { name: d.item.agency }
}

export interface DraftRequest { outcome: OutcomeCode, referTo?: string }

/** The first draft of a case's letter (audited: it carries the applicant's real name). */
export async function draftLetter(o: { db: Queryable, keys: ServerKeys, defaultAgency: string }, d: CaseDetail, req: DraftRequest, actor: Actor): Promise<{ letter: string }> {
  const id = d.item.id
  const sealed = await findPersonalEnc(o.db, id)
  if (!sealed)
    throw notFound('申请')
  let referTo: LetterAgency | null = null
  if (req.referTo) {
    if (req.outcome !== REFERRAL_OUTCOME)
      throw badField('referTo', '只有“本机关不掌握相关政府信息”的答复才能指明负责的机关 (referTo goes with the outcome unable.notHeld)')
    const to = await getAgency(o.db, req.referTo)
    if (!to || !to.active)
      throw badField('referTo', '指明的机关不存在或已停止受理 (unknown or inactive agency)')
    referTo = asLetterAgency(to)
  }
  await audit(o.db, { actor: actor.user, action: 'personal.reveal', targetType: 'application', targetId: id, ip: actor.ip, details: { reason: 'letter', outcome: req.outcome } })
  const personal = JSON.parse(o.keys.decryptAtRest(sealed)) as { name: string }
  const letter = draftReplyLetter({
    agency: await letterAgency(o.db, d, o.defaultAgency),
    trackingCode: d.item.trackingCode,
    receivedOn: d.clock.receiptDate,
    description: String(d.general.description ?? ''),
    outcome: req.outcome,
    date: chinaDate(new Date()),
    applicant: personal.name,
    referTo,
  })
  return { letter }
}

/**
 * Refuses a letter that cannot go out: a 【…】 placeholder left unfilled, or the applicant addressed
 * by the masked name staff see in lists ('张**') instead of the real one.
 */
export function checkLetter(letter: string, maskedName: string): void {
  const left = letterPlaceholders(letter)
  if (left.length)
    throw badField('letter', `告知书中还有未填写的内容：${left.join('、')} (fill in every 【…】 placeholder before sending)`)
  if (maskedName.includes('*') && letter.includes(maskedName))
    throw badField('letter', `告知书的称呼是遮掩后的姓名“${maskedName}”，请填写申请人的真实姓名 (the letter is addressed to the masked name)`)
}
