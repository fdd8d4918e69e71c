/**
 * Correction requests (条例 Art. 41): the citizen's submission and status, the staff list, one
 * request and its answer. The personal part is encrypted at rest at once (keys.encryptAtRest) and
 * only the masked name is stored readable; the answer's letter carries the real name, so answering
 * is an audited reveal in the answer's transaction. Scope: another agency's request is a 404.
 */
import type { CorrectionOutcome, CorrectionRequestInput, CorrectionStatistics, CorrectionView } from '../../shared/corrections'
import type { Db } from '../platform/db'
import type { ServerKeys } from '../platform/keys'
import type { StaffScope } from '../staff/scope/service'
import type { StaffUser } from '../staff/store'
import type { CorrectionRow } from './store'
import { createHash } from 'node:crypto'
import { maskName } from '../../shared/application'
import { chinaDate } from '../../shared/calendar'
import { checkCorrection, CORRECTION_OUTCOMES, draftCorrectionLetter } from '../../shared/corrections'
import { isUuidV7, trackingCodeFor } from '../../shared/submission'
import { activeAgency, getAgency } from '../agencies/store'
import { ApiError, badField, notFound } from '../platform/errors'
import { inScope } from '../staff/scope/service'
import { audit } from '../staff/store'
import { correctionCounts, correctionPersonal, findCorrection, findCorrectionByCode, insertCorrection, listCorrections, saveAnswer } from './store'

/** What staff send to answer: the outcome; for notOurs the agency with power to correct and whether it was transferred there. */
export interface CorrectionAnswer { outcome: CorrectionOutcome, referTo?: string, transfer?: boolean, reason?: string }

/** The request as staff see it (no payload hash). */
const view = ({ payloadHash: _h, ...r }: CorrectionRow): CorrectionView => r

export function correctionService(db: Db, keys: ServerKeys, now: () => Date = () => new Date()) {
  /** Stores a request: 201 when new, 200 for a retry of the same request, 409 for another under the same id. */
  async function submit(body: CorrectionRequestInput): Promise<{ status: 200 | 201, body: { id: string, trackingCode: string, statusToken: string, receivedOn: string } }> {
    if (body?.v !== 1)
      throw badField('v', '不支持的格式版本，请更新应用后重试 (unsupported version)')
    if (!isUuidV7(body.id))
      throw badField('id', '编号格式不正确 (id must be a UUIDv7)')
    const problem = checkCorrection(body)
    if (problem)
      throw badField(problem.field, `${problem.zh} (${problem.en})`)
    if (!(await activeAgency(db, body.agencyId)))
      throw new ApiError(422, 'unknown_agency', '受理机关不存在或已停止受理，请重新选择 (unknown or inactive agency)', 'agencyId')
    const hash = createHash('sha256').update(JSON.stringify([body.agencyId, body.record, body.correction, body.evidence ?? null, body.personal])).digest('base64url')
    const p = body.personal
    const personal = { name: p.name.trim(), idType: p.idType, idNumber: p.idNumber.replace(/\s+/g, '').toUpperCase(), phone: p.phone?.trim() || null, email: p.email?.trim() || null }
    const { created, row } = await insertCorrection(db, {
      id: body.id,
      trackingCode: trackingCodeFor(body.id),
      agencyId: body.agencyId,
      receivedOn: chinaDate(now()),
      nameMasked: maskName(personal.name),
      personalEnc: keys.encryptAtRest(JSON.stringify(personal)),
      record: body.record.trim(),
      correction: body.correction.trim(),
      evidence: body.evidence?.trim() || null,
      payloadHash: hash,
    })
    if (!row)
      throw new ApiError(409, 'conflict', '编号冲突，请重新提交 (tracking code collision)', 'id')
    if (!created && row.payloadHash !== hash)
      throw new ApiError(409, 'conflict', '该编号已用于另一份更正申请 (the id belongs to another request)', 'id')
    return { status: created ? 201 : 200, body: { id: row.id, trackingCode: row.trackingCode, statusToken: keys.mac('correction', row.id), receivedOn: row.receivedOn } }
  }

  /** The applicant's view, proven by the status token the submission answered with; null when none matches. */
  async function track(code: string, token: string): Promise<{ trackingCode: string, receivedOn: string, status: string, outcome: string | null, answeredOn: string | null, agency: string | null, referTo: string | null, transferred: boolean | null } | null> {
    const row = await findCorrectionByCode(db, code)
    if (!row || !keys.sameMac(keys.mac('correction', row.id), token))
      return null
    return { trackingCode: row.trackingCode, receivedOn: row.receivedOn, status: row.status, outcome: row.outcome, answeredOn: row.answeredOn, agency: row.agencyName, referTo: row.referAgencyName, transferred: row.transferred }
  }

  const list = async (scope: StaffScope): Promise<CorrectionView[]> => (await listCorrections(db, scope, 500)).map(view)

  async function scoped(id: string, scope: StaffScope): Promise<CorrectionRow> {
    const row = await findCorrection(db, id)
    if (!row || !inScope(scope, row.agencyId))
      throw notFound('更正申请')
    return row
  }

  const get = async (id: string, scope: StaffScope): Promise<CorrectionView> => view(await scoped(id, scope))

  /** Answers a request with its letter (audited; the real name is revealed for the letter). */
  async function answer(id: string, a: CorrectionAnswer, scope: StaffScope, actor: { user: StaffUser, ip: string }): Promise<CorrectionView> {
    await scoped(id, scope)
    if (!Object.hasOwn(CORRECTION_OUTCOMES, a.outcome))
      throw badField('outcome', '无效的答复结果 (unknown outcome)')
    if (a.outcome === 'notOurs' && !a.referTo)
      throw badField('referTo', '不属于本机关职能范围的，须指明有权更正的机关（第四十一条） (name the agency with power to correct)')
    if (a.outcome !== 'notOurs' && (a.referTo || a.transfer !== undefined))
      throw badField('referTo', '只有“不属于本机关职能范围”的答复才指明其他机关 (referTo goes with notOurs)')
    await db.transaction(async (tx) => {
      const sealed = await correctionPersonal(tx, id, true)
      const row = (await findCorrection(tx, id))!
      if (row.status === 'answered')
        throw new ApiError(409, 'conflict', '该更正申请已答复 (already answered)')
      const refer = a.referTo ? await activeAgency(tx, a.referTo) : null
      if (a.referTo && (!refer || refer.id === row.agencyId))
        throw badField('referTo', '指明的机关不存在、已停止受理或就是本机关 (unknown, inactive or this agency)')
      const referAgency = refer ? await getAgency(tx, refer.id) : null
      const own = row.agencyId ? await getAgency(tx, row.agencyId) : null
      await audit(tx, { actor: actor.user, action: 'personal.reveal', targetType: 'correctionRequest', targetId: id, ip: actor.ip, details: { reason: 'letter' } })
      const personal = JSON.parse(keys.decryptAtRest(sealed!)) as { name: string }
      const today = chinaDate(now())
      const letter = draftCorrectionLetter({
        agency: { name: own?.name ?? row.agencyName ?? '', officePhone: own?.officePhone, officeAddress: own?.officeAddress },
        trackingCode: row.trackingCode,
        receivedOn: row.receivedOn,
        applicant: personal.name,
        record: row.record,
        correction: row.correction,
        outcome: a.outcome,
        referTo: referAgency ? { name: referAgency.name, officePhone: referAgency.officePhone, officeAddress: referAgency.officeAddress } : null,
        transferred: a.transfer ?? false,
        ...(a.reason ? { reason: a.reason } : {}),
        date: today,
      })
      const transferred = a.outcome === 'notOurs' ? (a.transfer ?? false) : null
      await saveAnswer(tx, id, { outcome: a.outcome, referAgencyId: refer?.id ?? null, transferred, letter, answeredOn: today, by: actor.user.id })
      await audit(tx, { actor: actor.user, action: 'correction.answer', targetType: 'correctionRequest', targetId: id, ip: actor.ip, details: { outcome: a.outcome, ...(refer ? { referTo: refer.id, transferred } : {}) } })
    })
    return view((await findCorrection(db, id))!)
  }

  /** A year's requests received by the caller's agencies (one agency with `agencyId`), by outcome. */
  async function statistics(year: number, agencyId: string | null, scope: StaffScope): Promise<CorrectionStatistics> {
    if (agencyId && !inScope(scope, agencyId))
      throw notFound('机关')
    const rows = await correctionCounts(db, scope, agencyId, `${year}-01-01`, `${year}-12-31`)
    const byOutcome = Object.fromEntries(Object.keys(CORRECTION_OUTCOMES).map(k => [k, 0])) as CorrectionStatistics['byOutcome']
    let open = 0
    for (const r of rows) {
      if (r.outcome && Object.hasOwn(byOutcome, r.outcome))
        byOutcome[r.outcome as CorrectionOutcome] += r.n
      else
        open += r.n
    }
    return { year, received: rows.reduce((n, r) => n + r.n, 0), byOutcome, open }
  }

  return { submit, track, list, get, answer, statistics }
}
