/**
 * The cases service: the queue, one case, revealing personal data and stepping a case. Every step
 * runs in one transaction with its audit entry, the applicant-visible status and a NOTIFY, after
 * re-reading the case inside the transaction so two staff cannot both answer it.
 */
import type { CaseAction, CaseDetail, CaseStatus, QueueResponse, RevealResponse } from '../../../shared/review/api'
import type { WorkflowRefusal } from '../../../shared/review/workflow'
import type { Db, Queryable } from '../../platform/db'
import type { ServerKeys } from '../../platform/keys'
import type { StaffUser } from '../store'
import type { NewEvent } from './store'
import { defaultWorkCalendar } from '../../../shared/calendar'
import { checkAction, planStep, refusalText, WORKFLOW_REFUSALS } from '../../../shared/review/workflow'
import { ApiError, notFound } from '../../platform/errors'
import { readSettings } from '../settings'
import { audit } from '../store'
import { appendEvent, findPersonalEnc, loadApplications, loadEvents, lockCase, refreshDueDate } from './store'
import { caseView } from './view'

/** Queue filters (GET /api/staff/applications). */
export interface QueueFilter { status?: CaseStatus | 'active', channel?: string, agency?: string, dueWithin?: number, overdue?: boolean }

/** Who acts, from where: for the audit log and the role checks. */
export interface Actor { user: StaffUser, ip: string }

const ERROR_CODES = { 400: 'invalid_field', 403: 'forbidden', 409: 'conflict' } as const

/** A workflow refusal as the API's error: the usual code for its status, the reason code in details. */
function refusal(r: WorkflowRefusal): ApiError {
  const { status, field } = WORKFLOW_REFUSALS[r.code]
  return new ApiError(status, ERROR_CODES[status], `${refusalText(r, 'zh')} (${refusalText(r, 'en')})`, field ?? undefined, { reason: r.code, ...(r.params ? { params: r.params } : {}) })
}

export function caseService(o: { db: Db, keys: ServerKeys | undefined, defaultAgency: string }) {
  const { db } = o
  const calendar = defaultWorkCalendar()
  const viewOpts = async (q: Queryable = db) => ({ calendar, today: new Date().toISOString(), settings: await readSettings(q), defaultAgency: o.defaultAgency })

  async function queue(q: QueueFilter): Promise<QueueResponse> {
    const apps = await loadApplications(db)
    const events = await loadEvents(db)
    const opts = await viewOpts()
    const views = apps.map(a => caseView(a, events.get(a.id) ?? [], opts).item)
    const agencies = [...new Set(views.map(v => v.agency))].sort()
    const items = views.filter(v =>
      (!q.status || (q.status === 'active' ? v.status !== 'answered' : v.status === q.status))
      && (!q.channel || v.channel === q.channel)
      && (!q.agency || v.agency === q.agency)
      && (q.dueWithin === undefined || (v.status !== 'answered' && v.workingDaysLeft !== null && v.workingDaysLeft <= q.dueWithin))
      && (q.overdue === undefined || (v.status !== 'answered' && v.overdue === q.overdue)))
    // Most urgent first; cases without a running clock (waiting, closed) after them, newest first.
    const rank = (v: typeof items[number]) => (v.status === 'answered' ? 2 : v.workingDaysLeft === null ? 1 : 0)
    items.sort((a, b) => rank(a) - rank(b) || (a.workingDaysLeft ?? 0) - (b.workingDaysLeft ?? 0) || b.serverReceivedAt.localeCompare(a.serverReceivedAt))
    return { items, calendarVersion: calendar.version, agencies }
  }

  async function detail(q: Queryable, id: string): Promise<CaseDetail> {
    const [a] = await loadApplications(q, { id })
    if (!a)
      throw notFound('申请')
    const v = caseView(a, (await loadEvents(q, [id])).get(id) ?? [], await viewOpts(q))
    return {
      item: v.item,
      general: a.general,
      masked: { name: a.nameMasked, idNumber: a.idNumberMasked, phone: a.phoneMasked },
      clock: v.clock,
      history: v.history,
      pendingExtension: v.pendingExtension,
    }
  }

  const getCase = (id: string): Promise<CaseDetail> => detail(db, id)

  async function reveal(id: string, actor: Actor, reason: string | null): Promise<RevealResponse> {
    const sealed = await findPersonalEnc(db, id)
    if (!sealed)
      throw notFound('申请')
    // Written before the data leaves: if the audit insert fails, nothing is revealed.
    await audit(db, { actor: actor.user, action: 'personal.reveal', targetType: 'application', targetId: id, ip: actor.ip, details: { reason } })
    const personal = JSON.parse(o.keys!.decryptAtRest(sealed)) as RevealResponse['personal']
    return { personal }
  }

  async function act(id: string, action: CaseAction, { user, ip }: Actor): Promise<CaseDetail> {
    const ctx = { role: user.role, actorId: user.id, now: new Date().toISOString() }
    const early = checkAction(action, ctx)
    if (early)
      throw refusal(early)
    await db.transaction(async (tx) => {
      await lockCase(tx, id)
      const d = await detail(tx, id)
      const plan = planStep(d, action, { ...ctx, settings: await readSettings(tx) })
      if (!plan.ok)
        throw refusal(plan.refusal)
      const step: NewEvent = { ...plan.step, applicationId: id, actorId: user.id }
      const seq = await appendEvent(tx, step)
      await audit(tx, { actor: user, action: `case.${action.type}`, targetType: 'application', targetId: id, ip, details: { seq, ...(action.type === 'answer' ? { outcome: action.outcome } : {}), ...(action.type === 'decideExtension' ? { approve: action.approve } : {}) } })
      const after = await detail(tx, id)
      await refreshDueDate(tx, id, after.clock.dueDate, after.clock.provisional)
    })
    return getCase(id)
  }

  return { queue, getCase, reveal, act }
}
