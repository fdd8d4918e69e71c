// Art. 35 (数量、频次明显超过合理范围): asking for reasons, then a longer reasonable reply period.
// Each row names the rule of the article it checks.
import type { CaseEvent } from '~/shared/clock'
import type { CaseAction } from '~/shared/review/api'
import type { WorkflowCase, WorkflowContext, WorkflowRefusalCode } from '~/shared/review/workflow'
import { describe, expect, it } from 'vitest'
import { defaultWorkCalendar } from '~/shared/calendar'
import { computeClock, validateCaseEvent } from '~/shared/clock'
import { draftArt35Letter } from '~/shared/review/art35'
import { auditActionLabel } from '~/shared/review/audit'
import { letterPlaceholders } from '~/shared/review/letter'
import { availableActions, planStep } from '~/shared/review/workflow'

const cal = defaultWorkCalendar()
const NOW = '2025-03-10T10:00:00+08:00'
const ctx = (extra: Partial<WorkflowContext> = {}): WorkflowContext => ({ role: 'reviewer', actorId: 'u-1', now: NOW, ...extra })
function kase(kinds: string[], dueDate: string | null = '2025-03-31'): WorkflowCase {
  return {
    item: { status: 'open', agency: '某区政府办公室', receiptDate: '2025-03-03', serverReceivedAt: '2025-03-03T01:00:00.000Z' },
    general: {},
    clock: { paused: dueDate === null, pauseReason: dueDate === null ? 'consultation' : null, abandoned: null, extensionWorkingDays: 0, consultations: [], dueDate, milestones: { amendmentRequestBy: { date: '2025-03-12', provisional: false } } },
    history: kinds.map(kind => ({ kind })),
    pendingExtension: null,
  }
}
const asked = kase(['register', 'requireReasons'])
const period = (dueDate: string, extra: Partial<CaseAction> = {}): CaseAction => ({ type: 'setReasonablePeriod', dueDate, reason: '申请涉及近十年档案，需逐件检索', ...extra } as CaseAction)

describe('art. 35 in the workflow', () => {
  it('may ask for reasons on any registered, open case; the longer period only after asking', () => {
    expect(availableActions(kase(['register']), ctx())).toContain('requireReasons')
    expect(availableActions(kase(['register']), ctx())).not.toContain('setReasonablePeriod')
    expect(availableActions(asked, ctx())).toContain('setReasonablePeriod')
    expect(availableActions(kase(['register', 'requireReasons', 'setReasonablePeriod']), ctx())).not.toContain('setReasonablePeriod')
  })

  it('asking for reasons records the text for the applicant and does not move the clock (the 条例 does not pause it)', () => {
    const r = planStep(kase(['register']), { type: 'requireReasons', text: '请说明申请用途' }, ctx())
    expect(r).toMatchObject({ ok: true, step: { kind: 'requireReasons', event: null, publicStatus: 'reasonsRequested', publicNote: '请说明申请用途', details: { text: '请说明申请用途' } } })
  })

  it('the longer period is a clock event with the date and reason, told to the applicant in plain words citing Art. 35', () => {
    const r = planStep(asked, period('2025-05-30'), ctx())
    expect(r).toMatchObject({ ok: true, step: { kind: 'setReasonablePeriod', publicStatus: 'reasonablePeriod', event: { type: 'reasonablePeriod', dueDate: '2025-05-30', reason: '申请涉及近十年档案，需逐件检索' }, details: { dueDate: '2025-05-30', statutoryDueDate: '2025-03-31' } } })
    expect(r.ok && r.step.publicNote).toContain('第三十五条')
    expect(r.ok && r.step.publicNote).toContain('2025-05-30')
  })

  it.each<[string, WorkflowCase, CaseAction, WorkflowContext, WorkflowRefusalCode]>([
    ['Art. 35: reasons come first', kase(['register']), period('2025-05-30'), ctx(), 'reasonsNotRequested'],
    ['Art. 35: one longer period per application', kase(['register', 'requireReasons', 'setReasonablePeriod']), period('2025-06-30'), ctx(), 'reasonablePeriodSet'],
    ['Art. 35: the period must be longer than Art. 33 gives', asked, period('2025-03-31'), ctx(), 'reasonablePeriodNotLater'],
    ['Art. 35: earlier than the statutory date is refused too', asked, period('2025-03-20'), ctx(), 'reasonablePeriodNotLater'],
    ['not while the statutory date is unknown (paused before it was reached)', kase(['register', 'requireReasons'], null), period('2025-05-30'), ctx(), 'reasonablePeriodUnknownDue'],
    ['Art. 35 with Art. 33: not after the time limit has passed', kase(['register', 'requireReasons'], '2025-03-07'), period('2025-05-30'), ctx(), 'reasonablePeriodLate'],
    ['a reviewer cannot override that', kase(['register', 'requireReasons'], '2025-03-07'), period('2025-05-30', { override: { reason: '系统故障' } } as never), ctx(), 'overrideForbidden'],
  ])('%s', (_, c, action, context, code) => {
    const r = planStep(c, action, context)
    expect(r.ok ? null : r.refusal.code).toBe(code)
  })

  it('a supervisor may set it late with a reason, recorded with the step', () => {
    const r = planStep(kase(['register', 'requireReasons'], '2025-03-07'), period('2025-05-30', { override: { reason: '延误系系统故障' } } as never), ctx({ role: 'supervisor' }))
    expect(r).toMatchObject({ ok: true, step: { details: { override: { code: 'reasonablePeriodLate', reason: '延误系系统故障', by: 'u-1' } } } })
  })

  it('both steps have names in the audit registry', () => {
    expect(auditActionLabel('case.requireReasons').zh).toContain('第三十五条')
    expect(auditActionLabel('case.setReasonablePeriod').zh).toContain('第三十五条')
  })
})

describe('art. 35 in the clock', () => {
  // Received Mon 2025-03-03: the statutory due date is 2025-03-31.
  const received: CaseEvent = { v: 1, type: 'received', receipt: { channel: 'post', signedForAt: '2025-03-03' } }
  const rp = (dueDate: string): CaseEvent => ({ v: 1, type: 'reasonablePeriod', at: '2025-03-10', dueDate, reason: '数量大' })

  it('the later date replaces the statutory one; the overdue flag follows it', () => {
    const before = computeClock([received], { calendar: cal, today: '2025-04-10' })
    expect(before).toMatchObject({ dueDate: '2025-03-31', overdue: true })
    const after = computeClock([received, rp('2025-05-30')], { calendar: cal, today: '2025-04-10' })
    expect(after).toMatchObject({ dueDate: '2025-05-30', overdue: false, dueDateProvisional: false, reasonablePeriod: { dueDate: '2025-05-30', statutoryDueDate: '2025-03-31', applied: true, setOn: '2025-03-10' } })
    expect(after.workingDaysLeft).toBeGreaterThan(0)
    expect(computeClock([received, rp('2025-05-30')], { calendar: cal, today: '2025-06-03' }).overdue).toBe(true)
  })

  it('an answer after the statutory date but by the set date is on time', () => {
    const r = computeClock([received, rp('2025-05-30'), { v: 1, type: 'answered', at: '2025-05-20', outcome: 'granted' }], { calendar: cal, today: '2025-06-10' })
    expect(r).toMatchObject({ state: 'answered', overdue: false })
  })

  it('a date not later than the statutory one is not applied and is flagged', () => {
    const r = computeClock([received, rp('2025-03-20')], { calendar: cal, today: '2025-03-12' })
    expect(r.dueDate).toBe('2025-03-31')
    expect(r.reasonablePeriod?.applied).toBe(false)
    expect(r.problems.map(p => p.code)).toContain('reasonablePeriodNotLater')
  })

  it('the stored event is validated like every other', () => {
    expect(validateCaseEvent(rp('2025-05-30')).ok).toBe(true)
    expect(validateCaseEvent({ v: 1, type: 'reasonablePeriod', at: '2025-03-10', dueDate: 'soon', reason: 'x' }).ok).toBe(false)
    expect(validateCaseEvent({ v: 1, type: 'reasonablePeriod', at: '2025-03-10', dueDate: '2025-05-30', reason: '' }).ok).toBe(false)
  })
})

describe('the Art. 35 notices', () => {
  const base = { agency: { name: '某区人民政府办公室' }, trackingCode: 'GK-AB12-CD34-EF', receivedOn: '2025-03-03', applicant: '张三', date: '2025-03-10' }
  it('the longer period cites Arts. 35 and 33, gives the date and reason, and leaves nothing to fill in', () => {
    const l = draftArt35Letter({ ...base, notice: { kind: 'period', dueDate: '2025-05-30', reason: '需逐件检索' } })
    expect(l).toContain('延迟答复告知书')
    expect(l).toContain('第三十五条')
    expect(l).toContain('第三十三条')
    expect(l).toContain('2025年5月30日')
    expect(l).toContain('需逐件检索')
    expect(l).toContain('张三：')
    expect(l).toContain('某区人民政府办公室（盖章）')
    expect(letterPlaceholders(l)).toEqual([])
  })
  it('the request for reasons cites Art. 35 and carries the text', () => {
    const l = draftArt35Letter({ ...base, notice: { kind: 'reasons', text: '请说明申请用途' } })
    expect(l).toContain('说明理由通知书')
    expect(l).toContain('第三十五条')
    expect(l).toContain('请说明申请用途')
  })
})
