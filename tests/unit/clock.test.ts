import type { YearSchedule } from '~/shared/calendar'
import type { CaseEvent, ClockSettings, Receipt } from '~/shared/clock'
import type { OutcomeCode } from '~/shared/outcomes'
import { describe, expect, it } from 'vitest'
import { defaultWorkCalendar } from '~/shared/calendar'
import { computeClock, receiptDate, validateCaseEvent } from '~/shared/clock'

const cal = defaultWorkCalendar()

// Event builders keep the tables readable.
const online = (date: string): CaseEvent => ({ v: 1, type: 'received', receipt: { channel: 'online', serverReceivedAt: `${date}T10:00:00+08:00` } })
const amendReq = (at: string, replyWithinWorkingDays?: number): CaseEvent => ({ v: 1, type: 'amendmentRequested', at, ...(replyWithinWorkingDays === undefined ? {} : { replyWithinWorkingDays }) })
const amendGot = (at: string): CaseEvent => ({ v: 1, type: 'amendmentReceived', at })
const extend = (at: string, workingDays: number, approved = true): CaseEvent => ({ v: 1, type: 'extended', at, workingDays, approval: approved ? { by: 'supervisor-1', at } : null })
const consult = (at: string, ref?: string): CaseEvent => ({ v: 1, type: 'consultationStarted', at, party: 'thirdParty', ...(ref ? { ref } : {}) })
const consulted = (at: string, ref?: string): CaseEvent => ({ v: 1, type: 'consultationEnded', at, ...(ref ? { ref } : {}) })
const feeNotice = (at: string): CaseEvent => ({ v: 1, type: 'feeNotice', at, amountYuan: 100 })
const feePaid = (at: string): CaseEvent => ({ v: 1, type: 'feePaid', at })
const answer = (at: string, outcome: OutcomeCode = 'granted'): CaseEvent => ({ v: 1, type: 'answered', at, outcome })

function clock(events: CaseEvent[], today: string, settings?: Partial<ClockSettings>, calendar = cal) {
  return computeClock(events, { calendar, today, ...(settings ? { settings } : {}) })
}

describe('receipt date (Art. 31)', () => {
  it.each<[string, Receipt, string]>([
    ['in person: the day submitted, in China time', { channel: 'inPerson', submittedAt: '2025-01-19T17:30:00Z' }, '2025-01-20'],
    ['kiosk in the hall: the day submitted even if synced later', { channel: 'inPerson', submittedAt: '2025-01-20T16:50:00+08:00', serverReceivedAt: '2025-01-22T09:00:00+08:00' }, '2025-01-20'],
    ['post: the day signed for', { channel: 'post', signedForAt: '2025-01-21' }, '2025-01-21'],
    ['online: the day the server accepts, not the day pressed on the device', { channel: 'online', deviceSubmittedAt: '2025-01-18T22:00:00+08:00', serverReceivedAt: '2025-01-20T07:59:00+08:00' }, '2025-01-20'],
    ['fax: the day both sides confirm', { channel: 'fax', confirmedAt: '2025-01-20T09:00:00+08:00' }, '2025-01-20'],
  ])('%s', (_, receipt, expected) => {
    expect(receiptDate(receipt)).toBe(expected)
  })
})

describe('the 20-working-day clock on the official calendar', () => {
  it.each<[string, CaseEvent[], string, Partial<ClockSettings> | undefined, { dueDate: string | null, workingDaysLeft: number | null, overdue: boolean, state: string }]>([
    // Spring Festival 2025: 01-28..02-04 off, Sun 01-26 and Sat 02-08 worked
    ['received 2025-01-20 → due 2025-02-21', [online('2025-01-20')], '2025-01-21', undefined, { dueDate: '2025-02-21', workingDaysLeft: 19, overdue: false, state: 'running' }],
    ['same, day of receipt counted → 2025-02-20', [online('2025-01-20')], '2025-01-21', { dayOfReceiptCounted: true }, { dueDate: '2025-02-20', workingDaysLeft: 18, overdue: false, state: 'running' }],
    ['due today: 0 left, not overdue', [online('2025-01-20')], '2025-02-21', undefined, { dueDate: '2025-02-21', workingDaysLeft: 0, overdue: false, state: 'running' }],
    ['two working days late', [online('2025-01-20')], '2025-02-25', undefined, { dueDate: '2025-02-21', workingDaysLeft: -2, overdue: true, state: 'running' }],
    ['on the weekend after the due date: overdue, though no working day is lost yet', [online('2025-01-20')], '2025-02-23', undefined, { dueDate: '2025-02-21', workingDaysLeft: 0, overdue: true, state: 'running' }],
    // 2026: Mid-Autumn 09-25..27 and National Day 10-01..07 off, Sun 09-20 and Sat 10-10 worked
    ['received on the Mid-Autumn holiday 2026-09-25 → due 2026-10-29', [online('2026-09-25')], '2026-09-25', undefined, { dueDate: '2026-10-29', workingDaysLeft: 20, overdue: false, state: 'running' }],
    ['received 2026-09-18, with Sun 09-20 and Sat 10-10 worked → due 2026-10-22', [online('2026-09-18')], '2026-09-20', undefined, { dueDate: '2026-10-22', workingDaysLeft: 19, overdue: false, state: 'running' }],
    ['answered on the due date', [online('2025-01-20'), answer('2025-02-21T17:00:00+08:00')], '2025-03-01', undefined, { dueDate: '2025-02-21', workingDaysLeft: null, overdue: false, state: 'answered' }],
    ['answered a day late', [online('2025-01-20'), answer('2025-02-24')], '2025-03-01', undefined, { dueDate: '2025-02-21', workingDaysLeft: null, overdue: true, state: 'answered' }],
  ])('%s', (_, events, today, settings, expected) => {
    expect(clock(events, today, settings)).toMatchObject({ ...expected, provisional: false, calendarVersion: cal.version })
  })

  it('gives the 补正 request deadline: 7 working days after receipt', () => {
    expect(clock([online('2026-09-25')], '2026-09-25').milestones.amendmentRequestBy).toEqual({ date: '2026-10-12', provisional: false })
    expect(clock([online('2025-01-20')], '2025-01-20').milestones.amendmentRequestBy?.date).toBe('2025-02-05')
  })

  it('is notReceived with no events', () => {
    expect(clock([], '2025-01-20')).toMatchObject({ state: 'notReceived', dueDate: null, receiptDate: null })
  })
})

describe('补正 (amendment)', () => {
  const received = online('2025-03-03')

  it.each<[string, CaseEvent[], string, object]>([
    ['waiting for the amendment: clock stopped, no due date', [received, amendReq('2025-03-07')], '2025-03-10', { state: 'paused', paused: true, pauseReason: 'amendment', dueDate: null, workingDaysLeft: null }],
    // Qingming 2025-04-04..06 off
    ['amended application arrives: 20 days restart from 03-20 → 04-18', [received, amendReq('2025-03-07'), amendGot('2025-03-20')], '2025-03-21', { state: 'running', clockStart: '2025-03-20', receiptDate: '2025-03-03', dueDate: '2025-04-18', workingDaysLeft: 19 }],
    ['no amendment after the set time: treated as abandoned', [received, amendReq('2025-03-07')], '2025-03-31', { state: 'abandoned', abandoned: 'amendmentOverdue', dueDate: null }],
    ['closed with 其他处理·1', [received, amendReq('2025-03-07'), answer('2025-04-01', 'other.amendmentOverdue')], '2025-04-02', { state: 'answered', outcome: 'other.amendmentOverdue', overdue: false }],
  ])('%s', (_, events, today, expected) => {
    expect(clock(events, today)).toMatchObject(expected)
  })

  it.each<[number | undefined, string]>([
    [undefined, '2025-03-28'], // default setting: 15 working days
    [10, '2025-03-21'],
  ])('reply deadline with replyWithinWorkingDays=%s is %s', (days, expected) => {
    expect(clock([received, amendReq('2025-03-07', days)], '2025-03-10').milestones.amendmentReplyBy?.date).toBe(expected)
  })

  it.each<[string, CaseEvent[], string[]]>([
    ['on the 7th working day: fine', [received, amendReq('2025-03-12')], []],
    ['on the 8th working day: late', [received, amendReq('2025-03-13')], ['amendmentRequestLate']],
    ['twice: not all at once', [received, amendReq('2025-03-05'), amendGot('2025-03-10'), amendReq('2025-03-11')], ['amendmentRepeated']],
    ['received without a request', [received, amendGot('2025-03-10')], ['amendmentNotRequested']],
  ])('request %s', (_, events, codes) => {
    expect(clock(events, '2025-03-14').problems.map(p => p.code)).toEqual(codes)
  })
})

describe('third-party consultation pauses the clock', () => {
  // received Mon 2025-09-15; National Day 2025: 10-01..08 off, Sun 09-28 and Sat 10-11 worked.
  const received = online('2025-09-15')

  it.each<[string, CaseEvent[], string, object]>([
    ['no consultation → 2025-10-17', [received], '2025-09-16', { dueDate: '2025-10-17' }],
    ['paused 09-24 → 10-10 across the holiday → 2025-10-28', [received, consult('2025-09-24'), consulted('2025-10-10')], '2025-10-10', { state: 'running', dueDate: '2025-10-28', workingDaysLeft: 13 }],
    ['still paused over the holiday: 13 days left, frozen', [received, consult('2025-09-24')], '2025-10-05', { state: 'paused', pauseReason: 'consultation', dueDate: null, workingDaysLeft: 13 }],
    ['two consultations with refs, one still open', [received, consult('2025-09-24', 'a'), consult('2025-09-25', 'b'), consulted('2025-09-26', 'a')], '2025-09-29', { state: 'paused', workingDaysLeft: 13 }],
    ['pause that started after the deadline does not save it', [received, consult('2025-10-20')], '2025-10-21', { state: 'paused', dueDate: '2025-10-17', workingDaysLeft: -1, overdue: true }],
  ])('%s', (_, events, today, expected) => {
    expect(clock(events, today)).toMatchObject(expected)
  })

  it('the third party has 15 working days: 2025-10-21', () => {
    expect(clock([received, consult('2025-09-24')], '2025-10-05').milestones.consultationReplyBy).toEqual({ date: '2025-10-21', provisional: false })
  })

  it('ending a consultation that never started is a problem', () => {
    expect(clock([received, consulted('2025-09-24')], '2025-09-24').problems.map(p => p.code)).toEqual(['consultationNotStarted'])
  })
})

describe('consultations end by a reply or by lapsing (Arts. 32, 34)', () => {
  // Received Mon 2025-09-15; 7 working days used by Wed 09-24, when the request goes out; the party
  // receives it Fri 09-26 and has 15 working days from then (Sun 09-28 and Sat 10-11 are worked,
  // 10-01..08 off): to Thu 10-23. No reply by then: the clock resumes on Fri 10-24 → due 11-11.
  const received = online('2025-09-15')
  const sent = (party: 'thirdParty' | 'agency' = 'thirdParty', receivedAt: string | null = '2025-09-26', ref?: string): CaseEvent =>
    ({ v: 1, type: 'consultationStarted', at: '2025-09-24', party, ...(receivedAt ? { receivedAt } : {}), ...(ref ? { ref } : {}) })
  const got = (at: string, ref?: string): CaseEvent => ({ v: 1, type: 'consultationReceived', at, ...(ref ? { ref } : {}) })

  it.each<[string, CaseEvent[], string, object, object]>([
    ['Art. 32: within the 15 days the case stays paused', [received, sent()], '2025-10-20', { state: 'paused', workingDaysLeft: 13, dueDate: null }, { state: 'pending', replyBy: { date: '2025-10-23', provisional: false }, endedOn: null }],
    ['Art. 32: no reply by 10-23 → resumes by itself, due 11-11', [received, sent()], '2025-10-27', { state: 'running', paused: false, dueDate: '2025-11-11' }, { state: 'noReply', endedOn: '2025-10-23', repliedOn: null }],
    ['Art. 32: the issue\'s case, 60 working days on: overdue, not paused forever', [received, sent()], '2025-12-22', { state: 'running', overdue: true, dueDate: '2025-11-11' }, { state: 'noReply' }],
    ['Art. 32: reply in time (10-22) ends the pause that day', [received, sent(), consulted('2025-10-22')], '2025-10-27', { state: 'running', dueDate: '2025-11-10' }, { state: 'replied', endedOn: '2025-10-22', repliedOn: '2025-10-22' }],
    ['Art. 32: a late reply (10-27) does not stretch the pause past 10-23', [received, sent(), consulted('2025-10-27')], '2025-10-28', { dueDate: '2025-11-11' }, { state: 'noReply', endedOn: '2025-10-23', repliedOn: '2025-10-27' }],
    ['Art. 34: another agency\'s silence is consent, same 15 days', [received, sent('agency')], '2025-10-27', { state: 'running', dueDate: '2025-11-11' }, { state: 'deemedConsent', endedOn: '2025-10-23' }],
    ['receipt recorded later (postal return receipt) counts from it', [received, sent('thirdParty', null), got('2025-09-26')], '2025-10-27', { dueDate: '2025-11-11' }, { state: 'noReply', receivedOn: '2025-09-26' }],
    ['receipt never recorded: counted from sending (10-21), flagged', [received, sent('thirdParty', null)], '2025-10-27', { dueDate: '2025-11-07' }, { state: 'noReply', receivedOn: null, replyBy: { date: '2025-10-21', provisional: false } }],
    ['answered during the consultation: it ends with the answer', [received, sent(), answer('2025-10-15')], '2025-10-27', { state: 'answered', overdue: false }, { state: 'pending', endedOn: '2025-10-15' }],
  ])('%s', (_, events, today, expected, consultation) => {
    const r = clock(events, today)
    expect(r).toMatchObject(expected)
    expect(r.consultations).toHaveLength(1)
    expect(r.consultations[0]).toMatchObject(consultation)
  })

  it('flags a consultation whose receipt is unknown until it is recorded', () => {
    expect(clock([received, sent('thirdParty', null)], '2025-10-01').problems.map(p => p.code)).toEqual(['consultationReceiptUnknown'])
    expect(clock([received, sent('thirdParty', null), got('2025-09-26')], '2025-10-01').problems).toEqual([])
  })

  it('two parties: the pause lasts while either is pending, each lapses on its own', () => {
    const r = clock([received, sent('thirdParty', '2025-09-26', 'a'), sent('agency', '2025-09-29', 'b'), consulted('2025-10-10', 'a')], '2025-10-24')
    expect(r.consultations.map(c => [c.ref, c.state, c.endedOn])).toEqual([['a', 'replied', '2025-10-10'], ['b', 'pending', null]])
    expect(r).toMatchObject({ state: 'paused', pauseReason: 'consultation' })
  })
})

describe('extension (up to 20 more working days, approved)', () => {
  const received = online('2025-01-20')

  it.each<[string, CaseEvent[], { dueDate: string, limitWorkingDays: number }, string[]]>([
    ['20 days approved → 2025-03-21', [received, extend('2025-02-18', 20)], { dueDate: '2025-03-21', limitWorkingDays: 40 }, []],
    ['10 days → 2025-03-07', [received, extend('2025-02-18', 10)], { dueDate: '2025-03-07', limitWorkingDays: 30 }, []],
    ['not approved: not applied', [received, extend('2025-02-18', 20, false)], { dueDate: '2025-02-21', limitWorkingDays: 20 }, ['extensionNotApproved']],
    ['15 + 10: capped at 20', [received, extend('2025-02-10', 15), extend('2025-02-18', 10)], { dueDate: '2025-03-21', limitWorkingDays: 40 }, ['extensionTooLong']],
    ['decided after the deadline', [received, extend('2025-02-24', 20)], { dueDate: '2025-03-21', limitWorkingDays: 40 }, ['extensionAfterDue']],
    ['zero days: invalid', [received, extend('2025-02-18', 0)], { dueDate: '2025-02-21', limitWorkingDays: 20 }, ['extensionInvalid']],
  ])('%s', (_, events, expected, codes) => {
    const r = clock(events, '2025-02-19')
    expect(r).toMatchObject(expected)
    expect(r.milestones.originalDueDate?.date).toBe('2025-02-21')
    expect(r.problems.map(p => p.code)).toEqual(codes)
  })
})

describe('information-processing fee', () => {
  // received 2025-03-03; notice on 03-10 (5 working days used); paid 03-14
  const received = online('2025-03-03')

  it.each<[string, CaseEvent[], string, Partial<ClockSettings>, object]>([
    ['payment period stops the clock (setting on) → 2025-04-07', [received, feeNotice('2025-03-10'), feePaid('2025-03-14')], '2025-03-17', { feeNoticePausesClock: true }, { state: 'running', dueDate: '2025-04-07' }],
    ['payment period counts (setting off) → 2025-03-31', [received, feeNotice('2025-03-10'), feePaid('2025-03-14')], '2025-03-17', { feeNoticePausesClock: false }, { state: 'running', dueDate: '2025-03-31' }],
    ['waiting for payment', [received, feeNotice('2025-03-10')], '2025-03-12', { feeNoticePausesClock: true }, { state: 'paused', pauseReason: 'fee', workingDaysLeft: 15 }],
    ['not paid within 20 working days (by 04-08): abandoned', [received, feeNotice('2025-03-10')], '2025-04-09', { feeNoticePausesClock: true }, { state: 'abandoned', abandoned: 'feeUnpaid' }],
    ['unpaid and the setting off: still abandoned', [received, feeNotice('2025-03-10')], '2025-04-09', { feeNoticePausesClock: false }, { state: 'abandoned', abandoned: 'feeUnpaid' }],
  ])('%s', (_, events, today, settings, expected) => {
    expect(clock(events, today, settings)).toMatchObject(expected)
  })

  it('gives the payment deadline', () => {
    expect(clock([received, feeNotice('2025-03-10')], '2025-03-12').milestones.feePayBy).toEqual({ date: '2025-04-08', provisional: false })
  })
})

describe('years the calendar does not cover', () => {
  // A made-up 2027 schedule (NOT official): 01-01, 01-04, 01-05 off; Sat 01-09 worked.
  const fake2027: YearSchedule = {
    year: 2027,
    holidays: { '2027-01-01': '元旦', '2027-01-04': '元旦', '2027-01-05': '元旦' },
    makeUpWorkdays: { '2027-01-09': '元旦' },
  }
  const events = [online('2026-12-10')]

  it('a deadline in 2027 is provisional (Mon–Fri less 元旦) and names the calendar', () => {
    expect(clock(events, '2026-12-11')).toMatchObject({ dueDate: '2027-01-08', provisional: true, dueDateProvisional: true, calendarVersion: cal.version })
  })

  it('feeding 2027 data makes it final and moves the date', () => {
    const with2027 = defaultWorkCalendar([fake2027])
    const r = clock(events, '2026-12-11', undefined, with2027)
    expect(r).toMatchObject({ dueDate: '2027-01-11', provisional: false, dueDateProvisional: false, calendarVersion: with2027.version })
    expect(r.calendarVersion).not.toBe(cal.version)
  })

  it('a deadline inside 2026 is not provisional even near the year end', () => {
    expect(clock([online('2026-11-20')], '2026-11-23')).toMatchObject({ dueDate: '2026-12-18', provisional: false })
  })

  // The two directions: a date counted over official data stays firm when looked at from a
  // year without data (it was once marked provisional because "today" was uncovered) …
  it('a covered due date viewed in the next, uncovered year is firm', () => {
    expect(clock([online('2026-11-20')], '2027-03-01')).toMatchObject({ dueDate: '2026-12-18', provisional: false, dueDateProvisional: false, overdue: true })
  })

  // … and an uncovered year no longer counts 1 January as a working day.
  it('counting into an uncovered year skips 元旦 and 春节 but stays provisional', () => {
    // Received Fri 2027-01-29 with no 2027 data: 除夕 2027-02-05 to 初三 02-08 are statutory rest days.
    const r = clock([online('2027-01-29')], '2027-01-29')
    expect(r).toMatchObject({ dueDate: '2027-03-02', provisional: true, dueDateProvisional: true })
  })
})

describe('irregular histories never throw', () => {
  it.each<[string, CaseEvent[], string[]]>([
    ['event before receipt', [amendReq('2025-01-21'), online('2025-01-20')], ['noReceipt']],
    ['dated before the receipt date', [online('2025-01-20'), consult('2025-01-10')], ['beforeReceipt']],
    ['out of order', [online('2025-01-20'), consult('2025-01-24'), consulted('2025-01-22')], ['outOfOrder']],
    ['bad date', [online('2025-01-20'), consult('next week')], ['badDate']],
    ['after the answer', [online('2025-01-20'), answer('2025-01-22'), extend('2025-01-23', 5)], ['afterAnswer']],
    ['received twice', [online('2025-01-20'), online('2025-01-21')], ['duplicateReceipt']],
    ['unknown version', [online('2025-01-20'), { ...consult('2025-01-21'), v: 2 } as unknown as CaseEvent], ['unsupportedVersion']],
    ['fee paid without a notice', [online('2025-01-20'), feePaid('2025-01-21')], ['feeNotNoticed']],
  ])('%s', (_, events, codes) => {
    const r = clock(events, '2025-01-27')
    expect(r.problems.map(p => p.code)).toEqual(codes)
    for (const p of r.problems) {
      expect(p.message).toMatch(/[\u4E00-\u9FFF]/)
      expect(p.messageEn.length).toBeGreaterThan(0)
    }
  })
})

describe('day of receipt counted: pauses follow the same rule', () => {
  // received Mon 2025-09-15; consultation 09-24 → 10-10. Counted: 09-15..09-24 = 8 days, then the
  // reply day 10-10 counts like a day of receipt (9), Sat 10-11 (10), 10-13..17 (15), 20..24 (20).
  it('→ 2025-10-24', () => {
    expect(clock([online('2025-09-15'), consult('2025-09-24'), consulted('2025-10-10')], '2025-10-10', { dayOfReceiptCounted: true }).dueDate).toBe('2025-10-24')
  })
})

describe('validateCaseEvent', () => {
  it.each<[string, unknown]>([
    ['received online', online('2025-01-20')],
    ['received by post on a date', { v: 1, type: 'received', receipt: { channel: 'post', signedForAt: '2025-01-21' } }],
    ['received in person with both times', { v: 1, type: 'received', receipt: { channel: 'inPerson', submittedAt: '2025-01-20T09:00:00+08:00', serverReceivedAt: '2025-01-20T09:05:00+08:00' } }],
    ['补正 request', amendReq('2025-01-22', 10)],
    ['extension', extend('2025-02-18', 20)],
    ['consultation', consult('2025-01-22', 'c-1')],
    ['fee notice', feeNotice('2025-01-22')],
    ['answer', answer('2025-02-10', 'denied.process')],
  ])('accepts %s', (_, input) => {
    const r = validateCaseEvent(input)
    expect(r).toEqual({ ok: true, value: input })
    expect(r.ok && r.value).not.toBe(input)
  })

  it.each<[string, unknown, string]>([
    ['not an object', 'received', ''],
    ['unknown type', { v: 1, type: 'teleported', at: '2025-01-20' }, 'type'],
    ['wrong version', { ...answer('2025-01-20'), v: 2 }, 'v'],
    ['time without offset', { v: 1, type: 'feePaid', at: '2025-01-20T10:00:00' }, 'at'],
    ['unknown channel', { v: 1, type: 'received', receipt: { channel: 'pigeon' } }, 'receipt.channel'],
    ['online without server time', { v: 1, type: 'received', receipt: { channel: 'online', deviceSubmittedAt: '2025-01-20T10:00:00Z' } }, 'receipt.serverReceivedAt'],
    ['extension of 21 days', extend('2025-02-18', 21), 'workingDays'],
    ['extension without approval', extend('2025-02-18', 5, false), 'approval'],
    ['unknown outcome', { v: 1, type: 'answered', at: '2025-02-10', outcome: 'maybe' }, 'outcome'],
    ['negative fee', { v: 1, type: 'feeNotice', at: '2025-02-10', amountYuan: -5 }, 'amountYuan'],
    ['consulting nobody', { v: 1, type: 'consultationStarted', at: '2025-02-10', party: 'oracle' }, 'party'],
  ])('rejects %s', (_, input, field) => {
    const r = validateCaseEvent(input)
    expect(r.ok).toBe(false)
    if (!r.ok)
      expect(r.errors.map(e => e.field)).toContain(field)
  })
})
