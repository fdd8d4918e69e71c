// Telling the applicant (issue 21) against real far ends on loopback: an SMTP server, an HTTP SMS
// gateway and a recording push client. Every step sends one message per chosen channel; an instance
// that dies mid-send neither repeats nor loses a message; a dead gateway is retried, reported to
// staff, and never holds up a case step.
import type { FastifyInstance } from 'fastify'
import type { Signed } from './staff-helpers'
import type { Db } from '~/server/platform/db'
import type { ServerKeys } from '~/server/platform/keys'
import type { NotifyDeliveriesResponse } from '~/shared/notify'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { Notifier, reminderTime, scrubError } from '~/server/notify/service'
import { buildApp } from '~/server/platform/app'
import { migrate } from '~/server/platform/db/migrate'
import { loadServerKeys } from '~/server/platform/keys'
import { makeSubmission } from '../support/applications'
import { openTestDb, storageKinds } from './helpers'
import { crashableDb, recordingPushSender, startGateway, startSmtpSink } from './notify-sinks'
import { addStaff, signIn } from './staff-helpers'

const EMAIL = 'zhang.san@example.cn'
const PHONE = '13800138000'
const PUSH_ORIGIN = 'https://push.example.net'
/** A syntactically valid subscription (65-byte point, 16-byte secret), as a browser hands it over. */
const subKeys = {
  p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url'),
  auth: Buffer.alloc(16, 9).toString('base64url'),
}

describe.each(storageKinds)('applicant notifications on %s', (kind) => {
  let db: Db
  let drop: () => Promise<void>
  let keys: ServerKeys
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>
  let gateway: Awaited<ReturnType<typeof startGateway>>
  let push: ReturnType<typeof recordingPushSender>
  let app: FastifyInstance
  let rev: Signed
  let sup: Signed

  async function makeApp(): Promise<FastifyInstance> {
    return buildApp({
      db,
      version: 'test',
      keys,
      notify: {
        publicUrl: 'https://gk.example.cn',
        email: { host: '127.0.0.1', port: smtp.port, secure: false, requireTls: false, from: '公开 <noreply@gk.example.cn>', messageIdDomain: 'gk.example.cn' },
        sms: { url: gateway.url, templateId: 'TPL_1001', token: 'gw-secret' },
        push: { sender: push.sender, allowedOrigins: [PUSH_ORIGIN] },
        worker: false,
        leaseMs: 400,
        backoffBaseMs: 40,
        maxAttempts: 3,
      },
    })
  }

  beforeAll(async () => {
    const t = await openTestDb(kind)
    db = t.db
    drop = t.drop
    await migrate(db)
    keys = await loadServerKeys()
    smtp = await startSmtpSink()
    gateway = await startGateway()
    await addStaff(db, 'rev', 'reviewer')
    await addStaff(db, 'sup', 'supervisor')
  })
  beforeEach(async () => {
    push = recordingPushSender()
    app = await makeApp()
    rev = await signIn(app, 'rev')
    sup = await signIn(app, 'sup')
    // Each test starts from an empty outbox and quiet far ends.
    await db.query('delete from notify_outbox')
    smtp.mails.length = 0
    gateway.requests.length = 0
    gateway.delivered.clear()
    gateway.state.mode = 'up'
  })
  afterEach(async () => {
    await app.close()
  })
  afterAll(async () => {
    await smtp.close()
    await gateway.close()
    await drop()
  })

  async function submit(channels: string[], personal: Record<string, unknown> = { email: EMAIL }, lang = 'zh-CN', a = app) {
    const key = (await a.inject('/api/keys/applications')).json()
    const sub = await makeSubmission(key, { general: { notify: { channels, lang } }, personal })
    const res = await a.inject({ method: 'POST', url: '/api/applications', payload: sub })
    expect(res.statusCode, res.body).toBe(201)
    return res.json() as { id: string, trackingCode: string, statusToken: string }
  }
  const act = (s: Signed, id: string, payload: object) => app.inject({ method: 'POST', url: `/api/staff/applications/${id}/actions`, headers: s.headers, payload })
  async function step(s: Signed, id: string, payload: object) {
    const r = await act(s, id, payload)
    expect(r.statusCode, r.body).toBe(200)
  }
  async function drain(n: Notifier = app.notifier): Promise<void> {
    while (await n.runOnce() > 0) { /* until nothing is due */ }
  }
  const deliveries = async (id: string, a = app) => ((await a.inject({ url: `/api/staff/applications/${id}/notifications`, headers: rev.headers })).json() as NotifyDeliveriesResponse).items

  it('sends one message per chosen channel at every step, in Chinese, with no personal data beyond the address', async () => {
    const sub = await submit(['sms', 'email'])
    const r = await app.inject({ method: 'POST', url: `/api/applications/track/${sub.trackingCode}/push`, payload: { subscription: { endpoint: `${PUSH_ORIGIN}/s/phone-1`, keys: subKeys }, token: sub.statusToken } })
    expect(r.statusCode, r.body).toBe(201)

    await step(rev, sub.id, { type: 'register', channel: 'online' })
    await step(rev, sub.id, { type: 'requestAmendment', items: '请写明具体的项目名称' })
    await step(rev, sub.id, { type: 'amendmentReceived' })
    await step(rev, sub.id, { type: 'feeNotice', amountYuan: 30 })
    await step(rev, sub.id, { type: 'feePaid' })
    await step(rev, sub.id, { type: 'requestExtension', workingDays: 10, reason: '需要调取档案' })
    await step(sup, sub.id, { type: 'decideExtension', approve: true })
    await step(rev, sub.id, { type: 'answer', outcome: 'partial', letter: '告知书正文' })
    await drain()

    const kinds = ['received', 'registered', 'amendmentRequested', 'feeNotice', 'extended', 'answered']
    const list = await deliveries(sub.id)
    const sent = list.filter(d => d.state === 'sent')
    expect(sent.filter(d => d.channel === 'email').map(d => d.kind)).toEqual(kinds)
    expect(sent.filter(d => d.channel === 'sms').map(d => d.kind)).toEqual(kinds)
    // Push: the browser opted in on the receipt, after "received" had been queued.
    expect(sent.filter(d => d.channel === 'push').map(d => d.kind)).toEqual(kinds.slice(1))
    // The reminders were queued with their steps and dropped once the applicant had replied / paid.
    const reminders = list.filter(d => d.kind.endsWith('Reminder'))
    expect(reminders.map(d => `${d.kind}:${d.channel}:${d.state}`).sort()).toEqual([
      'amendmentReminder:email:pending',
      'amendmentReminder:push:pending',
      'amendmentReminder:sms:pending',
      'feeReminder:email:pending',
      'feeReminder:push:pending',
      'feeReminder:sms:pending',
    ])
    await db.query(`update notify_outbox set next_attempt_at = now() where kind like '%Reminder'`)
    await drain()
    expect((await deliveries(sub.id)).filter(d => d.kind.endsWith('Reminder')).every(d => d.state === 'cancelled')).toBe(true)

    // Exactly one message per step and channel reached each far end.
    expect(smtp.mails).toHaveLength(6)
    expect(smtp.mails.every(m => m.to.length === 1 && m.to[0] === EMAIL)).toBe(true)
    expect(new Set(smtp.mails.map(m => m.messageId)).size).toBe(6)
    expect(gateway.requests).toHaveLength(6)
    expect(gateway.requests.every(g => g.body.to === PHONE && g.body.templateId === 'TPL_1001' && g.auth === 'Bearer gw-secret')).toBe(true)
    // An SMS names only the code, the step and the link.
    for (const g of gateway.requests)
      expect(Object.keys(g.body.params).sort()).toEqual(['code', 'link', 'step'])
    // (A batch goes out concurrently, so the far end sees one step's messages in any order.)
    expect(gateway.requests.map(g => g.body.params.step).sort()).toEqual(['已收到申请', '已登记受理', '需要补正', '收费通知', '答复期限延长', '已答复'].sort())
    expect(gateway.requests[0]!.body.params).toMatchObject({ code: sub.trackingCode, link: `https://gk.example.cn/track?code=${encodeURIComponent(sub.trackingCode)}` })
    expect(push.sent).toHaveLength(5)
    expect(push.sent.every(p => p.target.endpoint === `${PUSH_ORIGIN}/s/phone-1` && p.payload.url === `/track?code=${encodeURIComponent(sub.trackingCode)}`)).toBe(true)

    // The texts: the 补正 deadline, the fee, where to get the answer; never the applicant's name.
    const mail = (s: string) => smtp.mails.filter(m => m.text.includes(s))
    expect(mail('需要补正')).toHaveLength(1)
    expect(mail('需要补正')[0]!.text).toMatch(/请在 \d{4}-\d{2}-\d{2} 前/)
    expect(mail(sub.trackingCode)).toHaveLength(6)
    expect(mail('信息处理费 30 元')).toHaveLength(1)
    expect(mail('请打开查询页面查看答复')).toHaveLength(1)
    expect(push.sent.find(p => p.payload.title.includes('需要补正'))!.payload.body).toMatch(/\d{4}-\d{2}-\d{2} 前/)
    for (const text of [...smtp.mails.map(m => m.raw), ...gateway.requests.map(g => JSON.stringify(g.body.params)), ...push.sent.map(p => JSON.stringify(p.payload))])
      expect(text).not.toContain('张三')

    // Every send is audited without the address or the text.
    const { rows } = await db.query<{ details: Record<string, unknown> }>(`select details from audit_log where action = 'notify.send' and target_id = $1`, [sub.id])
    expect(rows.filter(r => r.details.result === 'sent')).toHaveLength(17)
    const audited = JSON.stringify(rows)
    expect(audited).not.toContain(EMAIL)
    expect(audited).not.toContain(PHONE)
    expect(audited).not.toContain('补正')

    // Queueing a step twice (a retried transaction) adds nothing.
    const seq = (await db.query<{ seq: string }>(`select max(seq) as seq from case_events where application_id = $1`, [sub.id])).rows[0]!.seq
    const before = (await deliveries(sub.id)).length
    await db.transaction(tx => app.notifier.queueCaseStep(tx, { applicationId: sub.id, seq: Number(seq), publicStatus: 'answered', event: null, clock: { milestones: {} } as never }))
    expect((await deliveries(sub.id)).length).toBe(before)
  })

  it('art. 35: tells the applicant to state reasons, then the later reply date', async () => {
    const sub = await submit(['email'])
    await step(rev, sub.id, { type: 'register', channel: 'online' })
    await step(rev, sub.id, { type: 'requireReasons', text: '请说明申请用途' })
    const due = ((await app.inject({ url: `/api/staff/applications/${sub.id}`, headers: rev.headers })).json() as { clock: { dueDate: string } }).clock.dueDate
    const later = `${Number(due.slice(0, 4)) + 1}${due.slice(4)}`
    await step(rev, sub.id, { type: 'setReasonablePeriod', dueDate: later, reason: '数量大' })
    await drain()
    expect((await deliveries(sub.id)).filter(d => d.state === 'sent').map(d => d.kind)).toEqual(['received', 'registered', 'reasonsRequested', 'extended'])
    // Sent concurrently: found by content, not by order.
    expect(smtp.mails.some(m => m.text.includes('说明理由'))).toBe(true)
    expect(smtp.mails.some(m => m.text.includes(`答复期限已延长至 ${later}`))).toBe(true)
  })

  it('sends a reminder before the 补正 deadline when no reply came, in English for an English applicant', async () => {
    const sub = await submit(['sms'], {}, 'en')
    await step(rev, sub.id, { type: 'register', channel: 'online' })
    await step(rev, sub.id, { type: 'requestAmendment', items: '请写明具体的项目名称', replyWithinWorkingDays: 10 })
    await drain()
    await db.query(`update notify_outbox set next_attempt_at = now() where kind = 'amendmentReminder'`)
    await drain()
    const list = await deliveries(sub.id)
    expect(list.map(d => `${d.kind}:${d.state}`)).toEqual(['received:sent', 'registered:sent', 'amendmentRequested:sent', 'amendmentReminder:sent'])
    expect(gateway.requests.map(g => g.body.params.step).sort()).toEqual(['Amendment deadline reminder', 'Amendment requested', 'Application received', 'Application registered'])
  })

  it('an application without an opt-in queues nothing, and e-mail without an address is refused at submission', async () => {
    const key = (await app.inject('/api/keys/applications')).json()
    const none = await app.inject({ method: 'POST', url: '/api/applications', payload: await makeSubmission(key) })
    expect(none.statusCode).toBe(201)
    await step(rev, none.json().id, { type: 'register', channel: 'online' })
    expect(await deliveries(none.json().id)).toEqual([])

    const bad = await app.inject({ method: 'POST', url: '/api/applications', payload: await makeSubmission(key, { general: { notify: { channels: ['email'], lang: 'zh-CN' } } }) })
    expect(bad.statusCode).toBe(422)
    expect(bad.json().error.field).toBe('personal.email')
    const unknown = await app.inject({ method: 'POST', url: '/api/applications', payload: await makeSubmission(key, { general: { notify: { channels: ['fax'], lang: 'zh-CN' } } }) })
    expect(unknown.statusCode).toBe(422)
    expect(unknown.json().error.field).toBe('general.notify.channels')
  })

  it('a graceful restart mid-send finishes what is in flight; a crash mid-send leaves it to the next instance, which sends nothing twice and loses nothing', async () => {
    const apps = [await submit(['sms']), await submit(['sms']), await submit(['sms']), await submit(['sms'])]

    // Graceful: close() waits for the held send and records it; the next instance has nothing left of it.
    gateway.state.mode = 'hold'
    const one = new Notifier(db, keys, { ...app.notifier.options, batch: 1 })
    const inFlight = one.runOnce()
    await until(() => gateway.state.held.length === 1)
    const closing = one.close()
    gateway.release()
    await inFlight
    await closing
    expect((await deliveries(apps[0]!.id)).map(d => d.state)).toEqual(['sent'])

    // Crash: the instance dies while the gateway holds its send, so the outcome is never recorded.
    const dying = crashableDb(db)
    // Its own lease, long enough that a slow machine cannot reach its end before the check below.
    const two = new Notifier(dying.db, keys, { ...app.notifier.options, batch: 1, leaseMs: 3000 })
    gateway.state.mode = 'hold'
    const lost = two.runOnce()
    await until(() => gateway.state.held.length === 1)
    const heldKey = gateway.requests.at(-1)!.key
    dying.crash()
    gateway.release()
    await expect(lost).rejects.toThrow('instance gone')
    expect((await deliveries(apps[1]!.id)).map(d => d.state)).toEqual(['sending'])

    // The next instance sends what was never claimed at once, and the in-doubt message once its lease ends.
    await drain()
    expect((await deliveries(apps[1]!.id)).map(d => d.state)).toEqual(['sending'])
    await until(async () => {
      await drain()
      return (await deliveries(apps[1]!.id)).every(d => d.state === 'sent')
    }, 15_000) // the lease above ends after 3 s
    for (const a of apps)
      expect((await deliveries(a.id)).map(d => d.state)).toEqual(['sent'])
    const byKey = new Map<string, number>()
    for (const g of gateway.requests)
      byKey.set(g.key, (byKey.get(g.key) ?? 0) + 1)
    // Only the in-doubt message went to the gateway twice, with the same idempotency key; it delivered it once.
    expect([...byKey.entries()].filter(([, n]) => n > 1)).toEqual([[heldKey, 2]])
    expect(gateway.delivered.size).toBe(4)
    expect([...gateway.delivered.values()].map(g => g.body.params.code).sort()).toEqual(apps.map(a => a.trackingCode).sort())
  })

  it('a dead gateway is retried with backoff, reported to staff as failed, never blocks a step, and can be resent', async () => {
    gateway.state.mode = 'down'
    const sub = await submit(['sms'])
    // One pass only: the 40 ms backoff could make a second pass in the same drain due already.
    expect(await app.notifier.runOnce()).toBe(1)
    let [d] = await deliveries(sub.id)
    expect(d).toMatchObject({ state: 'pending', attempts: 1, lastError: 'sms gateway 503: service unavailable' })
    // The case goes on while the gateway is down.
    await step(rev, sub.id, { type: 'register', channel: 'online' })
    for (let i = 0; i < 10 && (await deliveries(sub.id)).some(x => x.state === 'pending'); i++) {
      await new Promise(r => setTimeout(r, 100))
      await drain()
    }
    const list = await deliveries(sub.id)
    expect(list.map(x => `${x.kind}:${x.state}:${x.attempts}`)).toEqual(['received:failed:3', 'registered:failed:3'])
    expect(gateway.requests).toHaveLength(6)
    const { rows } = await db.query<{ details: { result: string } }>(`select details from audit_log where action = 'notify.send' and target_id = $1 order by seq`, [sub.id])
    expect(rows.map(r => r.details.result).filter(r => r === 'retry')).toHaveLength(4)
    expect(rows.map(r => r.details.result).filter(r => r === 'failed')).toHaveLength(2)

    // Back up: staff resend the failed one; it goes, and the resend is audited with the staff member.
    gateway.state.mode = 'up'
    d = list[0]!
    expect((await app.inject({ method: 'POST', url: `/api/staff/applications/${sub.id}/notifications/${d.id}/resend`, headers: { cookie: rev.cookie } })).statusCode).toBe(403)
    const re = await app.inject({ method: 'POST', url: `/api/staff/applications/${sub.id}/notifications/${d.id}/resend`, headers: rev.headers })
    expect(re.statusCode, re.body).toBe(200)
    await drain()
    expect((await deliveries(sub.id)).map(x => `${x.kind}:${x.state}`)).toEqual(['received:sent', 'registered:failed'])
    const resend = await db.query<{ actor_username: string }>(`select actor_username from audit_log where action = 'notify.resend' and target_id = $1`, [sub.id])
    expect(resend.rows.map(r => r.actor_username)).toEqual(['rev'])
    expect((await app.inject({ method: 'POST', url: `/api/staff/applications/${sub.id}/notifications/999999/resend`, headers: rev.headers })).statusCode).toBe(404)
  })

  it('keeps one VAPID key pair in the database for every instance, its private half encrypted', async () => {
    const one = await buildApp({ db, version: 'test', keys, notify: { worker: false } })
    const two = await buildApp({ db, version: 'test', keys, notify: { worker: false } })
    try {
      const k1 = (await one.inject('/api/notify/push-key')).json() as { publicKey: string }
      const k2 = (await two.inject('/api/notify/push-key')).json() as { publicKey: string }
      expect(k1.publicKey).toMatch(/^[\w-]{87}$/)
      expect(k2.publicKey).toBe(k1.publicKey)
      const { rows } = await db.query<{ privateEnc: string }>('select private_enc as "privateEnc" from notify_vapid')
      expect(rows).toHaveLength(1)
      expect(rows[0]!.privateEnc).toMatch(/^v1\./)
      expect(one.notifier.options.push.vapid!.privateKey).toBe(keys.decryptAtRest(rows[0]!.privateEnc))
    }
    finally {
      await one.close()
      await two.close()
    }
  })

  it('a push subscription needs the tracking proof and an allowed push service; a gone one is dropped', async () => {
    const sub = await submit([])
    const url = `/api/applications/track/${sub.trackingCode}/push`
    const subscription = { endpoint: `${PUSH_ORIGIN}/s/gone`, keys: subKeys }
    expect((await app.inject({ method: 'POST', url, payload: { subscription, token: 'x'.repeat(43) } })).statusCode).toBe(404)
    expect((await app.inject({ method: 'POST', url, payload: { subscription, phone4: '0000' } })).statusCode).toBe(404)
    const elsewhere = await app.inject({ method: 'POST', url, payload: { subscription: { ...subscription, endpoint: 'https://169.254.169.254/latest' }, token: sub.statusToken } })
    expect(elsewhere.statusCode).toBe(400)
    expect(elsewhere.json().error.field).toBe('subscription.endpoint')
    const badKey = await app.inject({ method: 'POST', url, payload: { subscription: { ...subscription, keys: { p256dh: 'short', auth: subKeys.auth } }, token: sub.statusToken } })
    expect(badKey.statusCode).toBe(400)
    expect(JSON.stringify(badKey.json().error)).toContain('p256dh')
    expect((await app.inject({ method: 'POST', url, payload: { subscription, phone4: PHONE.slice(-4) } })).statusCode).toBe(201)

    await app.close()
    push = recordingPushSender(endpoint => endpoint.endsWith('/gone') ? 410 : 201)
    app = await makeApp()
    rev = await signIn(app, 'rev')
    await step(rev, sub.id, { type: 'register', channel: 'online' })
    await drain()
    expect((await deliveries(sub.id)).map(d => `${d.channel}:${d.state}`)).toEqual(['push:cancelled'])
    expect((await db.query('select 1 from push_subscriptions where application_id = $1', [sub.id])).rows).toHaveLength(0)
  })
})

describe('notifier helpers', () => {
  it('schedules a reminder two days before the deadline at 09:00 China time, at once when closer, never after it', () => {
    const now = new Date('2026-03-02T02:00:00Z')
    expect(reminderTime('2026-03-10', now)).toBe('2026-03-08T01:00:00.000Z')
    expect(reminderTime('2026-03-03', now)).toBe(now.toISOString())
    expect(reminderTime('2026-03-01', now)).toBeNull()
  })
  it('keeps addresses and numbers out of stored errors', () => {
    expect(scrubError('550 5.1.1 <zhang.san@example.cn>: user unknown')).toBe('550 5.1.1 <<address>>: user unknown')
    expect(scrubError('number 13800138000 blocked')).toBe('number <number> blocked')
  })
})

async function until(cond: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!await cond()) {
    if (Date.now() > end)
      throw new Error('timed out')
    await new Promise(r => setTimeout(r, 10))
  }
}
