/**
 * The cases service: the queue, one case, revealing personal data and stepping a case. Every step
 * runs in one transaction with its audit entry, the applicant-visible status and a NOTIFY, after
 * re-reading the case inside the transaction so two staff cannot both answer it.
 */
import type { CaseAction, CaseDetail, CaseStatus, QueueItem, QueueResponse, RevealResponse } from '../../../shared/review/api'
import type { WorkflowRefusal } from '../../../shared/review/workflow'
import type { Notifier } from '../../notify/service'
import type { Db, Queryable } from '../../platform/db'
import type { ServerKeys } from '../../platform/keys'
import type { StaffScope } from '../scope/service'
import type { StaffUser } from '../store'
import type { NewEvent, QueueCursor } from './store'
import { chinaDate } from '../../../shared/calendar'
import { checkAction, planStep, refusalText, WORKFLOW_REFUSALS } from '../../../shared/review/workflow'
import { referral } from '../../agencies/referral'
import { listAgencies } from '../../agencies/store'
import { currentCalendar } from '../../calendar/service'
import { ApiError, badField, notFound } from '../../platform/errors'
import { checkFee, feeDetails, withServerCount } from '../fees/check'
import { monthlyCount } from '../fees/count'
import { art35Letter, isArt35 } from '../letters/art35'
import { checkLetter } from '../letters/service'
import { inScope } from '../scope/service'
import { readSettings } from '../settings'
import { audit } from '../store'
import { appendEvent, findPersonalEnc, legacyCaseAgencies, loadApplications, loadEvents, lockCase, lockCases, queuePage, refreshDueDate, staleCaseIds, writeCaseState } from './store'
import { caseState, caseView } from './view'

/** Queue filters (GET /api/staff/applications). */
export interface QueueFilter {
  status?: CaseStatus | 'active'
  channel?: string
  /** A name on cases with no agency id (legacy). */
  agency?: string
  /** A directory agency. */
  agencyId?: string
  dueWithin?: number
  overdue?: boolean
  /** The start of a tracking code. */
  code?: string
  /** `next` of the previous page. */
  after?: string
  limit?: number
}

/** Who acts, from where: for the audit log and the role checks. */
export interface Actor { user: StaffUser, ip: string }

const ERROR_CODES = { 400: 'invalid_field', 403: 'forbidden', 409: 'conflict' } as const

/** A workflow refusal as the API's error: the usual code for its status, the reason code in details. */
function refusal(r: WorkflowRefusal): ApiError {
  const { status, field } = WORKFLOW_REFUSALS[r.code]
  return new ApiError(status, ERROR_CODES[status], `${refusalText(r, 'zh')} (${refusalText(r, 'en')})`, field ?? undefined, { reason: r.code, ...(r.params ? { params: r.params } : {}) })
}

/** Queue rows per page: the default is the largest, so a caller that ignores `next` still sees a busy office's whole open queue. */
export const QUEUE_PAGE_MAX = 500
/** Cases refreshed per transaction by recomputeOpenCases. */
const REFRESH_BATCH = 200

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function encodeCursor(c: QueueCursor): string {
  return Buffer.from(JSON.stringify([c.rank, c.days, c.receivedAt, c.id])).toString('base64url')
}

function decodeCursor(s: string): QueueCursor {
  try {
    const [rank, days, receivedAt, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown[]
    if (Number.isInteger(rank) && Number.isInteger(days) && typeof receivedAt === 'string' && !Number.isNaN(Date.parse(receivedAt)) && typeof id === 'string' && UUID.test(id))
      return { rank: rank as number, days: days as number, receivedAt, id }
  }
  catch {}
  throw badField('after', '翻页位置无效，请从第一页重新开始 (after: not a cursor this server gave out)')
}

/**
 * The start of a tracking code as stored ('GK-AB12-C…'), from what staff typed: the same
 * normalisation as a full code (case, spaces and dashes, I/L→1, O→0), or null when it cannot be one.
 */
export function trackingCodePrefix(input: string): string | null {
  const raw = input.toUpperCase().replace(/[\s-]/g, '').replace(/^GK/, '').replace(/[IL]/g, '1').replace(/O/g, '0')
  if (!/^[0-9A-HJKMNP-TV-Z]{0,12}$/.test(raw))
    return null
  return `GK-${[raw.slice(0, 4), raw.slice(4, 8), raw.slice(8)].filter(Boolean).join('-')}`
}

export function caseService(o: { db: Db, /** Needed only to reveal personal data; statistics and the overview recompute cases without them. */ keys: ServerKeys | undefined, defaultAgency: string, notifier?: Notifier }) {
  const { db } = o
  const keys = (): ServerKeys => {
    if (!o.keys)
      throw new Error('caseService was made without the server keys, which revealing personal data needs')
    return o.keys
  }
  // The calendar in force, re-read per use: an operator may load a year while the server runs.
  const viewOpts = async (q: Queryable = db) => ({ calendar: await currentCalendar(q), today: new Date().toISOString(), settings: await readSettings(q), defaultAgency: o.defaultAgency })

  /** Recomputes these cases' cached state from their events, under their row locks. */
  async function refreshCases(tx: Queryable, ids: string[]): Promise<void> {
    await lockCases(tx, ids)
    const opts = await viewOpts(tx)
    const today = chinaDate(opts.today)
    const events = await loadEvents(tx, ids)
    for (const a of await loadApplications(tx, ids)) {
      const v = caseView(a, events.get(a.id) ?? [], opts)
      await writeCaseState(tx, a.id, caseState(v), today, opts.calendar.version)
      // The applicant's tracking page reads the due date from the row: a new calendar (a year
      // loaded, docs/law.md) can move it or make it firm.
      await refreshDueDate(tx, a.id, v.clock.dueDate, v.clock.dueDateProvisional)
    }
  }

  /**
   * Brings the cached case state (migration 008) up to date: cases never computed, and open cases
   * computed before today or with other calendar data; with `all`, every case (the clock settings
   * changed). Cheap when nothing is stale: one indexed query. Returns how many were recomputed.
   */
  async function recomputeOpenCases(opts: { all?: boolean } = {}): Promise<number> {
    const today = chinaDate(new Date())
    const calendar = await currentCalendar(db)
    let after: string | undefined
    let n = 0
    for (;;) {
      const ids = await staleCaseIds(db, { today, calendarVersion: calendar.version, all: opts.all, after, limit: REFRESH_BATCH })
      if (!ids.length)
        return n
      await db.transaction(tx => refreshCases(tx, ids))
      n += ids.length
      after = ids.at(-1)
    }
  }

  /** One page of the queue within the caller's agencies (`scope`). */
  async function queue(q: QueueFilter, scope: StaffScope): Promise<QueueResponse> {
    await recomputeOpenCases()
    let codePrefix: string | undefined
    if (q.code !== undefined) {
      const p = trackingCodePrefix(q.code)
      if (p === null)
        throw badField('code', '查询码只含字母和数字 (code: letters and digits of a tracking code)')
      codePrefix = p
    }
    const limit = q.limit ?? QUEUE_PAGE_MAX
    const rows = await queuePage(db, { status: q.status, channel: q.channel, agency: q.agency, agencyId: q.agencyId, dueWithin: q.dueWithin, overdue: q.overdue, codePrefix, after: q.after === undefined ? undefined : decodeCursor(q.after), limit: limit + 1, scope })
    const page = rows.slice(0, limit)
    const items: QueueItem[] = page.map(({ description, cursor: _c, ...r }) => ({ ...r, summary: description.length > 60 ? `${description.slice(0, 60)}…` : description }))
    // The filter's choices: the directory agencies within the scope by id (their current names), then
    // the names on cases that have no agency id.
    const agencyOptions = (await listAgencies(db)).filter(a => inScope(scope, a.id)).map(a => ({ id: a.id, name: a.name }))
    return { items, calendarVersion: (await currentCalendar(db)).version, agencyOptions, agencies: await legacyCaseAgencies(db, scope), next: rows.length > limit ? encodeCursor(page.at(-1)!.cursor) : null }
  }

  async function viewOf(q: Queryable, id: string) {
    const [a] = await loadApplications(q, [id])
    if (!a)
      throw notFound('申请')
    const opts = await viewOpts(q)
    return { a, v: caseView(a, (await loadEvents(q, [id])).get(id) ?? [], opts), today: chinaDate(opts.today), settings: opts.settings }
  }

  async function detail(q: Queryable, id: string): Promise<CaseDetail> {
    const { a, v, settings } = await viewOf(q, id)
    return {
      settings,
      item: v.item,
      general: a.general,
      masked: { name: a.nameMasked, idNumber: a.idNumberMasked, phone: a.phoneMasked },
      clock: v.clock,
      history: v.history,
      pendingExtension: v.pendingExtension,
      feeCount: await monthlyCount(q, id),
    }
  }

  const getCase = (id: string): Promise<CaseDetail> => detail(db, id)

  async function reveal(id: string, actor: Actor, reason: string | null): Promise<RevealResponse> {
    const sealed = await findPersonalEnc(db, id)
    if (!sealed)
      throw notFound('申请')
    // Written before the data leaves: if the audit insert fails, nothing is revealed.
    await audit(db, { actor: actor.user, action: 'personal.reveal', targetType: 'application', targetId: id, ip: actor.ip, details: { reason } })
    const personal = JSON.parse(keys().decryptAtRest(sealed)) as RevealResponse['personal']
    return { personal }
  }

  async function act(id: string, requested: CaseAction, { user, ip }: Actor): Promise<CaseDetail> {
    let action = requested
    const ctx = { role: user.role, actorId: user.id, now: new Date().toISOString() }
    const early = checkAction(action, ctx)
    if (early)
      throw refusal(early)
    await db.transaction(async (tx) => {
      await lockCase(tx, id)
      const d = await detail(tx, id)
      if (action.type === 'answer')
        checkLetter(action.letter, d.masked.name)
      if (action.type === 'feeNotice') {
        action = withServerCount(action, d.feeCount)
        checkFee(action)
      }
      const plan = planStep(d, action, { ...ctx, settings: await readSettings(tx) })
      if (!plan.ok)
        throw refusal(plan.refusal)
      // Art. 36(5): a 本机关不掌握 answer may name the agency that holds the information.
      const step: NewEvent = { ...plan.step, applicationId: id, actorId: user.id, ...(action.type === 'answer' ? await referral(tx, action) : {}), ...(action.type === 'feeNotice' ? feeDetails(action, plan.step.details) : {}) }
      // Art. 35: each notice goes out as a letter with the real name (an audited reveal).
      if (isArt35(action))
        step.letter = await art35Letter({ db: tx, keys: keys(), defaultAgency: o.defaultAgency }, d, action, { user, ip })
      await commitStep(tx, step, seq => audit(tx, { actor: user, action: `case.${action.type}`, targetType: 'application', targetId: id, ip, details: { seq, ...(action.type === 'answer' ? { outcome: action.outcome } : {}), ...(action.type === 'decideExtension' ? { approve: action.approve } : {}), ...(action.type === 'setReasonablePeriod' ? { dueDate: action.dueDate } : {}), ...(plan.step.details?.override ? { override: plan.step.details.override } : {}) } }))
    })
    return getCase(id)
  }

  /**
   * Appends a planned step inside the caller's transaction (which holds the case lock) and brings
   * everything derived from the events along: the audit entry, the tracking row's due date, the
   * cached case state, the applicant's notification. Also used for the applicant's own 补正.
   */
  async function commitStep(tx: Queryable, step: NewEvent, auditStep: (seq: number) => Promise<void>): Promise<number> {
    const id = step.applicationId
    const seq = await appendEvent(tx, step)
    await auditStep(seq)
    const after = await viewOf(tx, id)
    await refreshDueDate(tx, id, after.v.clock.dueDate, after.v.clock.dueDateProvisional)
    await writeCaseState(tx, id, caseState(after.v), after.today, after.v.clock.calendarVersion)
    await o.notifier?.queueCaseStep(tx, { applicationId: id, seq, publicStatus: step.publicStatus, event: step.event, clock: after.v.clock })
    return seq
  }

  return { queue, getCase, reveal, act, recomputeOpenCases, detail, commitStep }
}
