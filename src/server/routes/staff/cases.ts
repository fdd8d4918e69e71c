/**
 * The queue, the case page and case actions:
 *   GET  /api/staff/applications               queue (filters: status, channel, agency, dueWithin, overdue)
 *   GET  /api/staff/applications/:id           one case, personal data masked
 *   POST /api/staff/applications/:id/reveal    the decrypted personal data (audited)
 *   POST /api/staff/applications/:id/actions   one step of the case (audited), see CaseAction
 * Every action runs in one transaction with its audit entry, the applicant-visible status and a
 * NOTIFY, after re-reading the case inside the transaction so two staff cannot both answer it.
 */
import type { FastifyInstance } from 'fastify'
import type { StaffPluginOptions } from '.'
import type { DateString } from '../../../shared/calendar'
import type { CaseEvent, Receipt } from '../../../shared/clock'
import type { CaseAction, CaseDetail, CaseStatus, QueueResponse, RevealResponse } from '../../../shared/review/api'
import type { Queryable } from '../../db'
import type { NewEvent } from '../../staff/cases'
import { chinaDate, defaultWorkCalendar, isDateString } from '../../../shared/calendar'
import { CASE_EVENT_VERSION } from '../../../shared/clock'
import { isOutcomeCode, OUTCOME_CODES } from '../../../shared/outcomes'
import { CASE_ACTION_TYPES, CASE_STATUSES } from '../../../shared/review/api'
import { can } from '../../../shared/review/roles'
import { referral } from '../../agencies/referral'
import { ApiError, badField, notFound } from '../../errors'
import { requireCap } from '../../staff/auth'
import { appendEvent, caseView, loadApplications, loadEvents, refreshDueDate } from '../../staff/cases'
import { readSettings } from '../../staff/settings'
import { audit } from '../../staff/store'

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } as const
const when = { type: 'string', maxLength: 40 } as const
const note = { type: 'string', maxLength: 2000 } as const

/**
 * JSON schema of CaseAction: if/then per `type` (not oneOf with additionalProperties: false, which
 * Fastify's removeAdditional would apply branch by branch and strip the fields of later branches).
 */
const actionSchema = {
  type: 'object',
  required: ['type'],
  properties: { type: { type: 'string', enum: CASE_ACTION_TYPES } },
  allOf: [
    { if: { properties: { type: { const: 'register' } } }, then: { properties: { channel: { enum: ['inPerson', 'online', 'post', 'fax'] }, receivedOn: { type: 'string', format: 'date' }, agency: { type: 'string', minLength: 1, maxLength: 100 }, note, at: when }, required: ['channel'] } },
    { if: { properties: { type: { const: 'requestAmendment' } } }, then: { properties: { items: { type: 'string', minLength: 1, maxLength: 2000 }, replyWithinWorkingDays: { type: 'integer', minimum: 1, maximum: 60 }, note, at: when }, required: ['items'] } },
    { if: { properties: { type: { const: 'amendmentReceived' } } }, then: { properties: { note, at: when } } },
    { if: { properties: { type: { const: 'requestExtension' } } }, then: { properties: { workingDays: { type: 'integer', minimum: 1, maximum: 20 }, reason: { type: 'string', minLength: 1, maxLength: 1000 }, at: when }, required: ['workingDays', 'reason'] } },
    { if: { properties: { type: { const: 'decideExtension' } } }, then: { properties: { approve: { type: 'boolean' }, note, at: when }, required: ['approve'] } },
    { if: { properties: { type: { const: 'consultationStarted' } } }, then: { properties: { party: { enum: ['thirdParty', 'agency'] }, ref: { type: 'string', maxLength: 200 }, note, at: when }, required: ['party'] } },
    { if: { properties: { type: { const: 'consultationEnded' } } }, then: { properties: { note, at: when } } },
    { if: { properties: { type: { const: 'feeNotice' } } }, then: { properties: { amountYuan: { type: 'number', exclusiveMinimum: 0, maximum: 1e7 }, note, at: when }, required: ['amountYuan'] } },
    { if: { properties: { type: { const: 'feePaid' } } }, then: { properties: { note, at: when } } },
    { if: { properties: { type: { const: 'answer' } } }, then: { properties: { outcome: { enum: OUTCOME_CODES }, letter: { type: 'string', minLength: 1, maxLength: 20000 }, referTo: { type: 'string', minLength: 1, maxLength: 64 }, note, at: when }, required: ['outcome', 'letter'] } },
  ],
} as const

const conflict = (message: string) => new ApiError(409, 'conflict', message)

export async function staffCaseRoutes(app: FastifyInstance, { ctx, options }: StaffPluginOptions): Promise<void> {
  const { db } = ctx
  const calendar = defaultWorkCalendar()
  const viewOpts = async (q: Queryable = db) => ({ calendar, today: new Date().toISOString(), settings: await readSettings(q), defaultAgency: options.defaultAgency })

  app.get('/api/staff/applications', {
    preValidation: requireCap('readCases'),
    schema: {
      querystring: {
        type: 'object',
        properties: {
          status: { type: 'string', enum: [...CASE_STATUSES, 'active'] },
          channel: { type: 'string', enum: ['inPerson', 'online', 'post', 'fax'] },
          agency: { type: 'string', maxLength: 100 },
          dueWithin: { type: 'integer', minimum: 0, maximum: 60 },
          overdue: { type: 'boolean' },
        },
      },
    },
  }, async (req): Promise<QueueResponse> => {
    const q = req.query as { status?: CaseStatus | 'active', channel?: string, agency?: string, dueWithin?: number, overdue?: boolean }
    const apps = await loadApplications(db)
    const events = await loadEvents(db)
    const o = await viewOpts()
    const views = apps.map(a => caseView(a, events.get(a.id) ?? [], o).item)
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
  })

  async function detail(q: Queryable, id: string): Promise<CaseDetail & { raw: { registered: boolean, description: string } }> {
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
      raw: { registered: v.registered, description: String(a.general.description ?? '') },
    }
  }

  app.get('/api/staff/applications/:id', { preValidation: requireCap('readCases'), schema: { params: idParams } }, async (req): Promise<CaseDetail> => {
    const { raw: _raw, ...d } = await detail(db, (req.params as { id: string }).id)
    return d
  })

  app.post('/api/staff/applications/:id/reveal', {
    preValidation: requireCap('workCases'),
    schema: { params: idParams, body: { type: 'object', properties: { reason: { type: 'string', maxLength: 500 } } } },
  }, async (req): Promise<RevealResponse> => {
    const { id } = req.params as { id: string }
    const { rows } = await db.query<{ personalEnc: string }>('select personal_enc as "personalEnc" from applications where id = $1', [id])
    if (!rows[0])
      throw notFound('申请')
    // Written before the data leaves: if the audit insert fails, nothing is revealed.
    await audit(db, { actor: req.staff!.user, action: 'personal.reveal', targetType: 'application', targetId: id, ip: req.ip, details: { reason: (req.body as { reason?: string } | undefined)?.reason ?? null } })
    const personal = JSON.parse(ctx.keys!.decryptAtRest(rows[0].personalEnc)) as RevealResponse['personal']
    return { personal }
  })

  app.post('/api/staff/applications/:id/actions', {
    preValidation: requireCap('workCases'),
    schema: { params: idParams, body: actionSchema },
  }, async (req): Promise<CaseDetail> => {
    const { id } = req.params as { id: string }
    const action = req.body as CaseAction
    const user = req.staff!.user
    if (action.type === 'decideExtension' && !can(user.role, 'approveExtension'))
      throw new ApiError(403, 'forbidden', '延期须由负责人批准 (only a supervisor may approve an extension)')
    const now = new Date().toISOString()
    const at = action.at ?? now
    if (!isDateString(at) && Number.isNaN(Date.parse(at)))
      throw badField('at', '日期格式无效 (invalid date)')
    const atDate = chinaDate(isDateString(at) ? `${at}T12:00:00+08:00` : at)
    if (atDate > chinaDate(now))
      throw badField('at', '日期不能晚于今天 (date in the future)')
    const atInstant = isDateString(at) ? `${at}T12:00:00+08:00` : at

    await db.transaction(async (tx) => {
      // Serialise steps on one case (PostgreSQL); PGlite runs one transaction at a time anyway.
      await tx.query('select id from applications where id = $1 for update', [id])
      const d = await detail(tx, id)
      const st = d.item.status
      if (st === 'answered')
        throw conflict('该申请已答复，不能再记录办理步骤 (already answered)')
      if (action.type !== 'register' && !d.raw.registered)
        throw conflict('请先登记收到该申请 (register the application first)')
      const base = { applicationId: id, actorId: user.id, at: atInstant, note: 'note' in action ? action.note ?? null : null }
      let step: NewEvent
      switch (action.type) {
        case 'register': {
          if (d.raw.registered)
            throw conflict('该申请已登记 (already registered)')
          const day: DateString = action.receivedOn ?? d.item.receiptDate ?? atDate
          if (day > chinaDate(now))
            throw badField('receivedOn', '收到日期不能晚于今天 (receipt date in the future)')
          const instant = `${day}T12:00:00+08:00`
          const receipt: Receipt = action.channel === 'online'
            ? { channel: 'online', serverReceivedAt: action.receivedOn ? instant : d.item.serverReceivedAt }
            : action.channel === 'inPerson'
              ? { channel: 'inPerson', submittedAt: action.receivedOn ? instant : (d.general.deviceSubmittedAt as string | undefined) ?? d.item.serverReceivedAt }
              : action.channel === 'post' ? { channel: 'post', signedForAt: day } : { channel: 'fax', confirmedAt: day }
          step = { ...base, kind: 'register', event: { v: CASE_EVENT_VERSION, type: 'received', receipt }, publicStatus: 'registered', agency: action.agency ?? d.item.agency }
          break
        }
        case 'requestAmendment':
          if (d.history.some(h => h.kind === 'requestAmendment'))
            throw conflict('补正应一次性告知，本案已要求过补正 (amendments must be requested once)')
          step = { ...base, kind: 'requestAmendment', event: { v: CASE_EVENT_VERSION, type: 'amendmentRequested', at: atInstant, ...(action.replyWithinWorkingDays ? { replyWithinWorkingDays: action.replyWithinWorkingDays } : {}) }, publicStatus: 'amendmentRequested', publicNote: action.items, details: { items: action.items } }
          break
        case 'amendmentReceived':
          if (st !== 'awaitingAmendment' && !(st === 'abandoned' && d.clock.abandoned === 'amendmentOverdue'))
            throw conflict('没有待补正的要求 (no amendment pending)')
          step = { ...base, kind: 'amendmentReceived', event: { v: CASE_EVENT_VERSION, type: 'amendmentReceived', at: atInstant }, publicStatus: 'amendmentReceived' }
          break
        case 'requestExtension': {
          if (d.pendingExtension)
            throw conflict('已有待批准的延期申请 (an extension request is pending)')
          const left = 20 - d.clock.extensionWorkingDays
          if (action.workingDays > left)
            throw badField('workingDays', `延期累计不得超过20个工作日，还可延长${left}个工作日 (at most ${left} more working days)`)
          step = { ...base, kind: 'requestExtension', event: null, publicStatus: null, details: { workingDays: action.workingDays, reason: action.reason } }
          break
        }
        case 'decideExtension': {
          const p = d.pendingExtension
          if (!p)
            throw conflict('没有待批准的延期申请 (no extension request pending)')
          const event: CaseEvent | null = action.approve
            ? { v: CASE_EVENT_VERSION, type: 'extended', at: atInstant, workingDays: p.workingDays, approval: { by: user.id, at: atInstant }, reason: p.reason }
            : null
          step = { ...base, kind: 'decideExtension', event, publicStatus: action.approve ? 'extended' : null, publicNote: action.approve ? `延长${p.workingDays}个工作日` : null, details: { approve: action.approve, requestSeq: p.seq, workingDays: p.workingDays } }
          break
        }
        case 'consultationStarted':
          if (d.clock.paused && d.clock.pauseReason === 'consultation')
            throw conflict('征求意见正在进行中 (a consultation is already running)')
          step = { ...base, kind: 'consultationStarted', event: { v: CASE_EVENT_VERSION, type: 'consultationStarted', at: atInstant, party: action.party, ...(action.ref ? { ref: action.ref } : {}) }, publicStatus: 'consultationStarted' }
          break
        case 'consultationEnded':
          if (!(d.clock.paused && d.clock.pauseReason === 'consultation'))
            throw conflict('没有进行中的征求意见 (no consultation running)')
          step = { ...base, kind: 'consultationEnded', event: { v: CASE_EVENT_VERSION, type: 'consultationEnded', at: atInstant }, publicStatus: 'consultationEnded' }
          break
        case 'feeNotice':
          step = { ...base, kind: 'feeNotice', event: { v: CASE_EVENT_VERSION, type: 'feeNotice', at: atInstant, amountYuan: action.amountYuan }, publicStatus: 'feeNotice', publicNote: `${action.amountYuan}元` }
          break
        case 'feePaid':
          if (!d.history.some(h => h.kind === 'feeNotice'))
            throw conflict('没有收费通知 (no fee notice)')
          step = { ...base, kind: 'feePaid', event: { v: CASE_EVENT_VERSION, type: 'feePaid', at: atInstant }, publicStatus: 'feePaid' }
          break
        case 'answer':
          if (!isOutcomeCode(action.outcome))
            throw badField('outcome', '无效的办理结果 (unknown outcome)')
          step = { ...base, kind: 'answer', event: { v: CASE_EVENT_VERSION, type: 'answered', at: atInstant, outcome: action.outcome }, publicStatus: 'answered', outcome: action.outcome, letter: action.letter, ...await referral(tx, action) }
          break
      }
      const seq = await appendEvent(tx, step)
      await audit(tx, { actor: user, action: `case.${action.type}`, targetType: 'application', targetId: id, ip: req.ip, details: { seq, ...(action.type === 'answer' ? { outcome: action.outcome } : {}), ...(action.type === 'decideExtension' ? { approve: action.approve } : {}) } })
      const after = await detail(tx, id)
      await refreshDueDate(tx, id, after.clock.dueDate, after.clock.provisional)
    })
    const { raw: _raw, ...d } = await detail(db, id)
    return d
  })
}
