import type { ConsultationStatus } from '~/shared/clock'
import type { CaseAction, CaseActionType } from '~/shared/review/api'
import type { StaffRole } from '~/shared/review/roles'
import type { PlannedStep, WorkflowCase, WorkflowContext, WorkflowRefusal, WorkflowRefusalCode } from '~/shared/review/workflow'
import { describe, expect, it } from 'vitest'
import { CASE_ACTION_TYPES } from '~/shared/review/api'
import { availableActions, checkAction, lateFor, planStep, refusalText, WORKFLOW_REFUSALS } from '~/shared/review/workflow'

const NOW = '2025-03-10T10:00:00+08:00'

// Case builders keep the tables readable: a registered, running case unless told otherwise.
interface Over { status?: WorkflowCase['item']['status'], kinds?: string[], clock?: Partial<WorkflowCase['clock']>, pending?: WorkflowCase['pendingExtension'], receiptDate?: string | null, deviceSubmittedAt?: string }
function kase(o: Over = {}): WorkflowCase {
  return {
    item: { status: o.status ?? 'open', agency: '某区政府办公室', receiptDate: o.receiptDate === undefined ? '2025-03-03' : o.receiptDate, serverReceivedAt: '2025-03-03T01:00:00.000Z' },
    general: o.deviceSubmittedAt ? { deviceSubmittedAt: o.deviceSubmittedAt } : {},
    clock: { paused: false, pauseReason: null, abandoned: null, extensionWorkingDays: 0, consultations: [], dueDate: '2025-03-31', milestones: { amendmentRequestBy: { date: '2025-03-12', provisional: false } }, ...o.clock },
    history: (o.kinds ?? ['register']).map(kind => ({ kind })),
    pendingExtension: o.pending ?? null,
  }
}
const fresh = kase({ status: 'new', kinds: [] })
// A third-party consultation sent 2025-03-04, receipt not yet recorded.
function consulting(o: Partial<ConsultationStatus> = {}): ConsultationStatus {
  return { party: 'thirdParty', ref: null, sentOn: '2025-03-04', receivedOn: null, replyBy: { date: '2025-03-25', provisional: false }, endedOn: null, repliedOn: null, state: 'pending', ...o }
}
const pendingExt = { seq: 7, workingDays: 10, reason: '需要检索档案' }
const ctx = (role: StaffRole = 'reviewer', extra: Partial<WorkflowContext> = {}): WorkflowContext => ({ role, actorId: 'u-1', now: NOW, ...extra })

// One valid action of each type: planStep must accept it exactly when availableActions lists it.
const SAMPLE: Record<CaseActionType, CaseAction> = {
  register: { type: 'register', channel: 'online' },
  requestAmendment: { type: 'requestAmendment', items: '请补充所需信息的名称' },
  amendmentReceived: { type: 'amendmentReceived' },
  requestExtension: { type: 'requestExtension', workingDays: 1, reason: '需要协调' },
  decideExtension: { type: 'decideExtension', approve: true },
  consultationStarted: { type: 'consultationStarted', party: 'thirdParty' },
  consultationReceived: { type: 'consultationReceived', at: '2025-03-07' },
  consultationEnded: { type: 'consultationEnded' },
  feeNotice: { type: 'feeNotice', amountYuan: 100 },
  feePaid: { type: 'feePaid' },
  requireReasons: { type: 'requireReasons', text: '请说明申请用途' },
  setReasonablePeriod: { type: 'setReasonablePeriod', dueDate: '2025-05-30', reason: '申请数量多' },
  answer: { type: 'answer', outcome: 'granted', letter: '答复书' },
}

const late = kase({ clock: { dueDate: '2025-03-07', milestones: { amendmentRequestBy: { date: '2025-03-05', provisional: false } } } })

const CASES: [string, WorkflowCase, StaffRole, CaseActionType[]][] = [
  ['new: only registering', fresh, 'reviewer', ['register']],
  ['answered: nothing', kase({ status: 'answered', kinds: ['register', 'answer'] }), 'supervisor', []],
  ['open', kase(), 'reviewer', ['requestAmendment', 'requestExtension', 'consultationStarted', 'feeNotice', 'requireReasons', 'answer']],
  ['open, extension pending, reviewer', kase({ pending: pendingExt }), 'reviewer', ['requestAmendment', 'consultationStarted', 'feeNotice', 'requireReasons', 'answer']],
  ['open, extension pending, supervisor', kase({ pending: pendingExt }), 'supervisor', ['requestAmendment', 'decideExtension', 'consultationStarted', 'feeNotice', 'requireReasons', 'answer']],
  ['awaiting amendment', kase({ status: 'awaitingAmendment', kinds: ['register', 'requestAmendment'], clock: { paused: true, pauseReason: 'amendment' } }), 'reviewer', ['amendmentReceived', 'requestExtension', 'consultationStarted', 'feeNotice', 'requireReasons', 'answer']],
  ['abandoned after an unanswered amendment request', kase({ status: 'abandoned', kinds: ['register', 'requestAmendment'], clock: { abandoned: 'amendmentOverdue' } }), 'reviewer', ['amendmentReceived', 'requestExtension', 'consultationStarted', 'feeNotice', 'requireReasons', 'answer']],
  ['in consultation', kase({ status: 'paused', kinds: ['register', 'consultationStarted'], clock: { paused: true, pauseReason: 'consultation', consultations: [consulting()] } }), 'reviewer', ['requestAmendment', 'requestExtension', 'consultationReceived', 'consultationEnded', 'feeNotice', 'requireReasons', 'answer']],
  // Arts. 32/34: a lapsed consultation no longer pauses the case, but a late reply can be recorded.
  ['consultation lapsed without reply, receipt recorded', kase({ kinds: ['register', 'consultationStarted'], clock: { consultations: [consulting({ receivedOn: '2025-03-05', state: 'noReply', endedOn: '2025-03-07' })] } }), 'reviewer', ['requestAmendment', 'requestExtension', 'consultationStarted', 'consultationEnded', 'feeNotice', 'requireReasons', 'answer']],
  ['fee notice sent', kase({ status: 'paused', kinds: ['register', 'feeNotice'], clock: { paused: true, pauseReason: 'fee' } }), 'reviewer', ['requestAmendment', 'requestExtension', 'consultationStarted', 'feeNotice', 'feePaid', 'requireReasons', 'answer']],
  ['20 working days of extension used', kase({ clock: { extensionWorkingDays: 20 } }), 'supervisor', ['requestAmendment', 'consultationStarted', 'feeNotice', 'requireReasons', 'answer']],
  // Past the due date and the 补正 window: a reviewer is not offered what would only be refused.
  ['past both time limits, reviewer', late, 'reviewer', ['consultationStarted', 'feeNotice', 'requireReasons', 'answer']],
]

describe('availableActions', () => {
  it.each(CASES)('%s', (_, c, role, expected) => {
    expect(availableActions(c, ctx(role))).toEqual(expected)
  })

  it('offers a supervisor the late steps, which planStep takes only with a reason', () => {
    expect(availableActions(late, ctx('supervisor'))).toEqual(['requestAmendment', 'requestExtension', 'consultationStarted', 'feeNotice', 'requireReasons', 'answer'])
    expect(planStep(late, SAMPLE.requestExtension, ctx('supervisor'))).toMatchObject({ ok: false, refusal: { code: 'extensionLate' } })
    expect(planStep(late, { ...SAMPLE.requestExtension, override: { reason: '档案调取' } } as CaseAction, ctx('supervisor')).ok).toBe(true)
    expect(lateFor(late, 'requestAmendment', '2025-03-10')).toBe('amendmentLate')
    expect(lateFor(late, 'requestAmendment', '2025-03-05')).toBeNull()
    expect(lateFor(late, 'answer', '2025-03-10')).toBeNull()
  })

  it('takes the extension cap from the clock settings, not a constant', () => {
    const used20 = kase({ clock: { extensionWorkingDays: 20 } })
    expect(availableActions(used20, ctx('reviewer', { settings: { maxExtensionWorkingDays: 30 } }))).toContain('requestExtension')
  })

  it.each(CASES)('agrees with planStep on every action type: %s', (_, c, role) => {
    const listed = availableActions(c, ctx(role))
    for (const type of CASE_ACTION_TYPES)
      expect(planStep(c, SAMPLE[type], ctx(role)).ok, type).toBe(listed.includes(type))
  })
})

describe('planStep refusals, in the order the API reports them', () => {
  it.each<[string, WorkflowCase, CaseAction, WorkflowContext, WorkflowRefusalCode]>([
    ['a reviewer deciding an extension, even on an unregistered case', fresh, { type: 'decideExtension', approve: true }, ctx('reviewer'), 'forbidden'],
    ['a date that is no date', kase(), { type: 'feePaid', at: 'yesterday' }, ctx(), 'invalidDate'],
    ['a day after today (China time)', kase(), { type: 'feeNotice', amountYuan: 1, at: '2025-03-11' }, ctx(), 'dateInFuture'],
    ['an instant after today in China, though still today in UTC', kase(), { type: 'feeNotice', amountYuan: 1, at: '2025-03-10T16:30:00Z' }, ctx(), 'dateInFuture'],
    ['anything on an answered case', kase({ status: 'answered' }), SAMPLE.feeNotice, ctx(), 'alreadyAnswered'],
    ['a step before registration', fresh, SAMPLE.answer, ctx(), 'notRegistered'],
    ['registering twice', kase(), SAMPLE.register, ctx(), 'alreadyRegistered'],
    ['a receipt day after today', fresh, { type: 'register', channel: 'post', receivedOn: '2025-03-11' }, ctx(), 'receiptInFuture'],
    ['a second amendment request (Art. 30: once)', kase({ kinds: ['register', 'requestAmendment'] }), SAMPLE.requestAmendment, ctx(), 'amendmentAlreadyRequested'],
    ['an amendment received that nobody asked for', kase(), SAMPLE.amendmentReceived, ctx(), 'noAmendmentPending'],
    ['a second extension request while one is pending', kase({ pending: pendingExt }), SAMPLE.requestExtension, ctx(), 'extensionPending'],
    ['more extension than is left', kase({ clock: { extensionWorkingDays: 15 } }), { type: 'requestExtension', workingDays: 6, reason: 'x' }, ctx(), 'extensionTooLong'],
    ['a decision with no request', kase(), SAMPLE.decideExtension, ctx('supervisor'), 'noExtensionPending'],
    ['a second consultation', kase({ clock: { paused: true, pauseReason: 'consultation' } }), SAMPLE.consultationStarted, ctx(), 'consultationRunning'],
    ['ending a consultation that is not running', kase(), SAMPLE.consultationEnded, ctx(), 'noConsultation'],
    ['a receipt date with no consultation waiting for one', kase(), SAMPLE.consultationReceived, ctx(), 'noConsultationAwaitingReceipt'],
    ['Art. 32: the party cannot receive the request before it was sent', kase({ clock: { consultations: [consulting()] } }), { type: 'consultationReceived', at: '2025-03-03' }, ctx(), 'consultationReceivedBeforeSent'],
    ['Art. 32: nor after today', kase(), { type: 'consultationStarted', party: 'thirdParty', at: '2025-03-06', receivedOn: '2025-03-11' }, ctx(), 'consultationReceiptOutOfRange'],
    ['Art. 32: nor before sending', kase(), { type: 'consultationStarted', party: 'thirdParty', at: '2025-03-06', receivedOn: '2025-03-05' }, ctx(), 'consultationReceiptOutOfRange'],
    ['a fee paid with no notice', kase(), SAMPLE.feePaid, ctx(), 'noFeeNotice'],
    // Art. 33: no extension once the time limit has passed; Art. 30: 补正 only within 7 working days.
    ['Art. 33: an extension requested after the due date', kase({ clock: { dueDate: '2025-03-07' } }), SAMPLE.requestExtension, ctx(), 'extensionLate'],
    ['Art. 33: an extension approved after the due date', kase({ clock: { dueDate: '2025-03-07' }, pending: pendingExt }), SAMPLE.decideExtension, ctx('supervisor'), 'extensionLate'],
    ['Art. 30: a 补正 request after 7 working days', kase({ clock: { milestones: { amendmentRequestBy: { date: '2025-03-07', provisional: false } } } }), SAMPLE.requestAmendment, ctx(), 'amendmentLate'],
    ['a reviewer cannot override a late step', kase({ clock: { dueDate: '2025-03-07' } }), { ...SAMPLE.requestExtension, override: { reason: '系统故障' } } as CaseAction, ctx(), 'overrideForbidden'],
    ['an outcome the statistics do not know', kase(), { type: 'answer', outcome: 'maybe' as never, letter: 'x' }, ctx(), 'unknownOutcome'],
  ])('%s', (_, c, action, context, code) => {
    const r = planStep(c, action, context)
    expect(r.ok ? null : r.refusal.code).toBe(code)
  })

  it('says how much extension is left, under the configured cap', () => {
    const r = planStep(kase({ clock: { extensionWorkingDays: 15 } }), { type: 'requestExtension', workingDays: 6, reason: 'x' }, ctx())
    expect(r).toEqual({ ok: false, refusal: { code: 'extensionTooLong', params: { max: 20, left: 5 } } })
    expect(refusalText((r as { refusal: WorkflowRefusal }).refusal, 'zh')).toBe('延期累计不得超过20个工作日，还可延长5个工作日')
    const wider = planStep(kase({ clock: { extensionWorkingDays: 15 } }), { type: 'requestExtension', workingDays: 6, reason: 'x' }, ctx('reviewer', { settings: { maxExtensionWorkingDays: 25 } }))
    expect(wider.ok).toBe(true)
  })

  it('checkAction needs no case: role and date only', () => {
    expect(checkAction({ type: 'decideExtension', approve: false }, ctx('reviewer'))).toEqual({ code: 'forbidden' })
    expect(checkAction({ type: 'decideExtension', approve: false }, ctx('supervisor'))).toBeNull()
    expect(checkAction({ type: 'feePaid', at: '2025-03-10' }, ctx())).toBeNull()
  })

  it('every refusal has a status, and text in both languages', () => {
    for (const [code, r] of Object.entries(WORKFLOW_REFUSALS)) {
      expect([400, 403, 409], code).toContain(r.status)
      expect(r.zh.length, code).toBeGreaterThan(2)
      expect(r.en.length, code).toBeGreaterThan(2)
    }
  })
})

describe('planStep: what a step records', () => {
  const step = (c: WorkflowCase, a: CaseAction, context = ctx()): PlannedStep => {
    const r = planStep(c, a, context)
    if (!r.ok)
      throw new Error(r.refusal.code)
    return r.step
  }

  it.each<[string, WorkflowCase, CaseAction, Partial<PlannedStep>]>([
    ['online, as received: the server receipt stands', fresh, { type: 'register', channel: 'online' }, { kind: 'register', publicStatus: 'registered', agency: '某区政府办公室', event: { v: 1, type: 'received', receipt: { channel: 'online', serverReceivedAt: '2025-03-03T01:00:00.000Z' } } }],
    ['in person: the device time of the kiosk', kase({ status: 'new', kinds: [], deviceSubmittedAt: '2025-03-02T09:00:00+08:00' }), { type: 'register', channel: 'inPerson' }, { event: { v: 1, type: 'received', receipt: { channel: 'inPerson', submittedAt: '2025-03-02T09:00:00+08:00' } } }],
    ['in person, corrected day: noon China time of that day', fresh, { type: 'register', channel: 'inPerson', receivedOn: '2025-03-01', agency: '档案局' }, { agency: '档案局', event: { v: 1, type: 'received', receipt: { channel: 'inPerson', submittedAt: '2025-03-01T12:00:00+08:00' } } }],
    ['post: the day signed for (the recorded receipt day by default)', fresh, { type: 'register', channel: 'post' }, { event: { v: 1, type: 'received', receipt: { channel: 'post', signedForAt: '2025-03-03' } } }],
    ['fax with no receipt day yet: the step\'s day', kase({ status: 'new', kinds: [], receiptDate: null }), { type: 'register', channel: 'fax', at: '2025-03-07' }, { at: '2025-03-07T12:00:00+08:00', event: { v: 1, type: 'received', receipt: { channel: 'fax', confirmedAt: '2025-03-07' } } }],
    ['an amendment request shows its items to the applicant', kase(), { type: 'requestAmendment', items: '请写明文件名称', replyWithinWorkingDays: 10, note: '电话已告知' }, { kind: 'requestAmendment', publicStatus: 'amendmentRequested', publicNote: '请写明文件名称', note: '电话已告知', details: { items: '请写明文件名称' }, event: { v: 1, type: 'amendmentRequested', at: NOW, replyWithinWorkingDays: 10 } }],
    ['an extension request moves no clock and shows the applicant nothing', kase(), { type: 'requestExtension', workingDays: 15, reason: '涉及多个部门' }, { kind: 'requestExtension', event: null, publicStatus: null, details: { workingDays: 15, reason: '涉及多个部门' } }],
    ['an approved extension carries the approver', kase({ pending: pendingExt }), { type: 'decideExtension', approve: true }, { publicStatus: 'extended', publicNote: '延长10个工作日', details: { approve: true, requestSeq: 7, workingDays: 10 }, event: { v: 1, type: 'extended', at: NOW, workingDays: 10, approval: { by: 'u-1', at: NOW }, reason: '需要检索档案' } }],
    ['a refused extension is internal', kase({ pending: pendingExt }), { type: 'decideExtension', approve: false }, { event: null, publicStatus: null, publicNote: null, details: { approve: false, requestSeq: 7, workingDays: 10 } }],
    ['a fee notice tells the amount', kase(), { type: 'feeNotice', amountYuan: 35.5 }, { publicStatus: 'feeNotice', publicNote: '35.5元', event: { v: 1, type: 'feeNotice', at: NOW, amountYuan: 35.5 } }],
    ['an answer keeps its letter and outcome', kase(), { type: 'answer', outcome: 'granted', letter: '答复书正文', at: '2025-03-10' }, { publicStatus: 'answered', outcome: 'granted', letter: '答复书正文', at: '2025-03-10T12:00:00+08:00', event: { v: 1, type: 'answered', at: '2025-03-10T12:00:00+08:00', outcome: 'granted' } }],
  ])('%s', (_, c, action, expected) => {
    const context = action.type === 'decideExtension' ? ctx('supervisor') : ctx()
    expect(step(c, action, context)).toMatchObject(expected)
  })
})

describe('late steps: refused unless a supervisor overrides with a reason (Arts. 30, 33)', () => {
  it.each<[string, WorkflowCase, CaseAction, string]>([
    ['extension after the due date', kase({ clock: { dueDate: '2025-03-07' } }), { type: 'requestExtension', workingDays: 5, reason: '需要协调', override: { reason: '系统停机三天，期限内无法办理' } }, 'extensionLate'],
    ['补正 after 7 working days', kase({ clock: { milestones: { amendmentRequestBy: { date: '2025-03-07', provisional: false } } } }), { type: 'requestAmendment', items: '请写明年份', override: { reason: '申请人当面补充了新的内容' } }, 'amendmentLate'],
  ])('%s: recorded with the override', (_, c, action, code) => {
    const r = planStep(c, action, ctx('supervisor'))
    expect(r.ok).toBe(true)
    if (r.ok)
      expect(r.step.details).toMatchObject({ override: { code, reason: (action as { override: { reason: string } }).override.reason, by: 'u-1' } })
  })

  it('an override on a step in time is ignored (nothing to override)', () => {
    const r = planStep(kase(), { ...SAMPLE.requestExtension, override: { reason: 'x' } } as CaseAction, ctx('supervisor'))
    expect(r.ok && r.step.details && 'override' in r.step.details).toBe(false)
  })
})
