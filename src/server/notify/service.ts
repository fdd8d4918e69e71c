/**
 * The notifier: queues the applicant's messages inside the transaction of the step that causes them,
 * and a worker that sends them.
 *
 * Queueing is a few inserts into notify_outbox in the caller's transaction, so a step that commits
 * always has its messages and a step that rolls back has none; no network is touched there, so a
 * dead gateway can never hold up or fail a case step.
 *
 * The worker claims due rows with a lease, sends each through its channel with the row's id as the
 * idempotency key, and records the outcome (with an audit entry that names the step, the channel and
 * the result, never the address or the text) only if its claim still holds. A failure is retried
 * with exponential backoff (base × 2^(attempt−1), capped) up to maxAttempts, then shown to staff as
 * failed. An instance that dies mid-send leaves its rows in 'sending'; once their lease runs out any
 * instance picks them up again. Reminders are queued with the step that sets the deadline, for two
 * days before it, and cancelled at send time if the applicant has already replied or paid.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { DeliveryWay } from '../../shared/application'
import type { ClockResult } from '../../shared/clock'
import type { NotifyChannel, NotifyKind, NotifyLang, NotifyPrefs } from '../../shared/notify'
import type { PublicCaseStatus } from '../../shared/review/api'
import type { Db, Queryable } from '../platform/db'
import type { ServerKeys } from '../platform/keys'
import type { Channel, PushTarget } from './channels'
import type { NotifyOptions } from './config'
import type { MessageParams } from './messages'
import type { ClaimedMessage, NewMessage } from './store'
import { isNotifyLang } from '../../shared/notify'
import { audit } from '../staff/store'
import { defaultPushSender, emailChannel, pushChannel, SendError, smsChannel } from './channels'
import { renderMessage } from './messages'
import { applicationForNotify, claimDue, deleteSubscription, findSubscription, finishClaim, queueMessages, stepAfter, subscriptionsOf } from './store'

/** The case step as the cases code records it (a subset of its NewEvent). */
export interface CaseStepInput {
  applicationId: string
  seq: number
  publicStatus: PublicCaseStatus | null
  event: { type: string, amountYuan?: number } | null
  /** The case's clock after the step. */
  clock: ClockResult
}

const STEP_KINDS: Partial<Record<PublicCaseStatus, NotifyKind>> = {
  registered: 'registered',
  amendmentRequested: 'amendmentRequested',
  extended: 'extended',
  // Art. 35: asked for reasons; a longer reasonable period is a later due date like an extension.
  reasonsRequested: 'reasonsRequested',
  reasonablePeriod: 'extended',
  feeNotice: 'feeNotice',
  answered: 'answered',
}

/** A reminder is dropped when one of these steps came after the step that set its deadline. */
const REMINDER_ENDS: Partial<Record<NotifyKind, string[]>> = {
  amendmentReminder: ['amendmentReceived', 'answer'],
  feeReminder: ['feePaid', 'answer'],
}

/** Days before a deadline that its reminder goes, at 09:00 China time. */
const REMIND_DAYS_BEFORE = 2

/** Strips anything that looks like an address or a number from an error before it is stored. */
export function scrubError(message: string): string {
  return message
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '<address>')
    .replace(/\+?\d[\d -]{6,}\d/g, '<number>')
    .slice(0, 300)
}

function prefsOf(general: Record<string, unknown>): NotifyPrefs | null {
  const n = general.notify as NotifyPrefs | undefined
  return n && Array.isArray(n.channels) ? n : null
}

export class Notifier {
  private readonly channels: { email?: Channel<string>, sms?: Channel<string>, push: Channel<PushTarget> }
  private running: Promise<void> | null = null
  private again = false
  private timer: NodeJS.Timeout | null = null
  private unlisten: (() => Promise<void>) | null = null
  private closed = false
  /** Batches being sent, so close() can wait for their outcomes to be recorded. */
  private readonly inFlight = new Set<Promise<number>>()
  /** The VAPID public key browsers subscribe with. */
  readonly pushPublicKey: string | null

  constructor(private readonly db: Db, private readonly keys: ServerKeys, readonly options: NotifyOptions, private readonly log?: FastifyBaseLogger) {
    const vapid = options.push.vapid
    this.pushPublicKey = vapid?.publicKey ?? null
    const sender = options.push.sender ?? (vapid ? defaultPushSender(vapid, options.push.allowedOrigins) : undefined)
    this.channels = {
      email: options.email ? emailChannel(options.email) : undefined,
      sms: options.sms ? smsChannel(options.sms) : undefined,
      push: pushChannel(sender ?? (async () => ({ status: 410 }))),
    }
  }

  /** Channels that can send: a channel without settings gets nothing queued. */
  enabled(channel: NotifyChannel): boolean {
    return channel === 'push' ? this.pushPublicKey !== null || !!this.options.push.sender : !!this.channels[channel]
  }

  /** Queues the "received" message of a new application (in the transaction that stores it). */
  async queueReceived(tx: Queryable, app: { id: string, trackingCode: string, general: Record<string, unknown> }): Promise<void> {
    const prefs = prefsOf(app.general)
    if (!prefs)
      return
    await queueMessages(tx, await this.messagesFor(tx, app.id, prefs, 'received', 'received', { code: app.trackingCode, lang: prefs.lang }))
  }

  /** Queues the messages of a case step (in the step's transaction); steps the applicant is not told of queue nothing. */
  async queueCaseStep(tx: Queryable, step: CaseStepInput): Promise<void> {
    const kind = step.publicStatus ? STEP_KINDS[step.publicStatus] : undefined
    if (!kind)
      return
    const app = await applicationForNotify(tx, step.applicationId)
    if (!app)
      return
    const prefs = prefsOf(app.general)
    const subs = await subscriptionsOf(tx, step.applicationId)
    if (!prefs && subs.length === 0)
      return
    const lang: NotifyLang = prefs?.lang ?? 'zh-CN'
    const ms = step.clock.milestones
    const params: MessageParams & { stepSeq: number } = { code: app.trackingCode, lang, stepSeq: step.seq }
    if (kind === 'amendmentRequested')
      params.replyBy = ms.amendmentReplyBy?.date ?? null
    if (kind === 'extended')
      params.dueDate = step.clock.dueDate
    if (kind === 'feeNotice') {
      params.amountYuan = step.event?.amountYuan ?? null
      params.payBy = ms.feePayBy?.date ?? null
    }
    if (kind === 'answered')
      params.way = ((app.general.delivery as { way?: DeliveryWay } | undefined)?.way) ?? null
    const messages = await this.messagesFor(tx, step.applicationId, prefs, `case:${step.seq}`, kind, params)
    const deadline = kind === 'amendmentRequested' ? params.replyBy : kind === 'feeNotice' ? params.payBy : null
    const remindAt = deadline ? reminderTime(deadline) : null
    if (remindAt) {
      const reminder: NotifyKind = kind === 'amendmentRequested' ? 'amendmentReminder' : 'feeReminder'
      messages.push(...await this.messagesFor(tx, step.applicationId, prefs, `remind:${step.seq}`, reminder, params, remindAt))
    }
    await queueMessages(tx, messages)
  }

  private async messagesFor(tx: Queryable, applicationId: string, prefs: NotifyPrefs | null, stepKey: string, kind: NotifyKind, params: MessageParams, notBefore?: string): Promise<NewMessage[]> {
    const out: NewMessage[] = []
    for (const channel of prefs?.channels ?? []) {
      if (this.enabled(channel))
        out.push({ applicationId, stepKey, kind, channel, params, notBefore })
    }
    if (this.enabled('push')) {
      for (const s of await subscriptionsOf(tx, applicationId))
        out.push({ applicationId, stepKey, kind, channel: 'push', target: s.id, params: { ...params, lang: isNotifyLang(s.lang) ? s.lang : params.lang }, notBefore })
    }
    return out
  }

  /** Claims one batch of due messages and sends them; returns how many were claimed. */
  async runOnce(): Promise<number> {
    if (this.closed)
      return 0
    const run = (async () => {
      const claimed = await claimDue(this.db, this.options.batch, this.options.leaseMs)
      await Promise.all(claimed.map(m => this.sendOne(m)))
      return claimed.length
    })()
    this.inFlight.add(run)
    try {
      return await run
    }
    finally {
      this.inFlight.delete(run)
    }
  }

  private async sendOne(m: ClaimedMessage): Promise<void> {
    let outcome: Parameters<typeof finishClaim>[2]
    try {
      outcome = await this.deliver(m)
    }
    catch (err) {
      const e = err instanceof SendError ? err : new SendError((err as Error).message, false)
      if (e.gone && m.channel === 'push')
        await deleteSubscription(this.db, m.target)
      const error = scrubError(e.message)
      if (e.permanent || m.attempts >= this.options.maxAttempts)
        outcome = { state: e.gone ? 'cancelled' : 'failed', error }
      else
        outcome = { state: 'pending', error, retryInMs: Math.min(this.options.backoffBaseMs * 2 ** (m.attempts - 1), this.options.backoffMaxMs) }
      this.log?.warn({ outbox: m.id, channel: m.channel, kind: m.kind, attempt: m.attempts, error }, 'notification not sent')
    }
    const final = outcome
    await this.db.transaction(async (tx) => {
      if (!await finishClaim(tx, m, final))
        return
      await audit(tx, {
        actor: null,
        action: 'notify.send',
        targetType: 'application',
        targetId: m.applicationId,
        details: { outbox: m.id, step: m.stepKey, kind: m.kind, channel: m.channel, attempt: m.attempts, result: final.state === 'pending' ? 'retry' : final.state, ...(final.error ? { error: final.error } : {}) },
      })
    })
  }

  /** Sends one message; resolves with the outcome to record, throws SendError to retry or fail. */
  private async deliver(m: ClaimedMessage): Promise<{ state: 'sent' | 'cancelled', error?: string }> {
    const ends = REMINDER_ENDS[m.kind]
    if (ends && m.params.stepSeq !== undefined && await stepAfter(this.db, m.applicationId, m.params.stepSeq, ends))
      return { state: 'cancelled', error: 'deadline step already done' }
    const message = renderMessage(m.kind, m.params, this.options.publicUrl)
    const key = `gk-notify-${m.id}`
    if (m.channel === 'push') {
      const sub = await findSubscription(this.db, m.target)
      if (!sub)
        return { state: 'cancelled', error: 'push subscription removed' }
      await this.channels.push.send({ key, to: sub, message })
      return { state: 'sent' }
    }
    const channel = this.channels[m.channel]
    if (!channel)
      throw new SendError(`${m.channel} is not configured`, true)
    const app = await applicationForNotify(this.db, m.applicationId)
    if (!app)
      throw new SendError('application not found', true)
    const personal = JSON.parse(this.keys.decryptAtRest(app.personalEnc)) as { phone?: string, email?: string | null }
    const to = m.channel === 'email' ? personal.email : personal.phone
    if (!to)
      return { state: 'cancelled', error: `no ${m.channel === 'email' ? 'e-mail address' : 'mobile number'} given` }
    await channel.send({ key, to, message })
    return { state: 'sent' }
  }

  /** Starts the worker: woken by NOTIFY on commit of a queued message, and by a timer for retries and reminders. */
  async start(): Promise<void> {
    if (!this.options.worker || this.closed)
      return
    this.unlisten = await this.db.listen('notify_outbox', () => this.wake())
    this.timer = setInterval(() => this.wake(), this.options.pollMs)
    this.timer.unref()
    this.wake()
  }

  /** Runs batches until none is due; a wake during a run makes it look once more. */
  wake(): void {
    if (this.closed)
      return
    if (this.running) {
      this.again = true
      return
    }
    this.running = (async () => {
      do {
        this.again = false
        try {
          while (!this.closed && await this.runOnce() > 0) { /* next batch */ }
        }
        catch (err) {
          this.log?.error({ err }, 'notification worker')
        }
      } while (this.again && !this.closed)
    })().finally(() => {
      this.running = null
    })
  }

  /** Stops taking work and waits for the sends in flight to be recorded. */
  async close(): Promise<void> {
    this.closed = true
    if (this.timer)
      clearInterval(this.timer)
    await this.unlisten?.().catch(() => {})
    await this.running
    await Promise.allSettled([...this.inFlight])
    this.channels.email?.close?.()
  }
}

/** When the reminder for a deadline goes: 09:00 China time two days before; now if that has passed; null if the deadline has. */
export function reminderTime(deadline: string, now = new Date()): string | null {
  const end = Date.parse(`${deadline}T23:59:59+08:00`)
  if (Number.isNaN(end) || end <= now.getTime())
    return null
  const at = Date.parse(`${deadline}T09:00:00+08:00`) - REMIND_DAYS_BEFORE * 86_400_000
  return new Date(Math.max(at, now.getTime())).toISOString()
}
