/**
 * The notification outbox and push subscriptions: the only module with their SQL.
 * Claiming uses `for update skip locked`, so several app instances on one PostgreSQL share the work
 * without taking the same row; every outcome is written only by the claim that holds the row
 * (claim_token), so a worker that outlived its lease cannot undo a later claim's result.
 */
import type { NotifyChannel, NotifyDelivery, NotifyKind, NotifyState } from '../../shared/notify'
import type { Queryable } from '../platform/db'
import type { MessageParams } from './messages'
import { randomBytes } from 'node:crypto'

const ISO = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

export interface NewMessage {
  applicationId: string
  stepKey: string
  kind: NotifyKind
  channel: NotifyChannel
  target?: string
  params: MessageParams & { stepSeq?: number }
  /** When it may go first (a reminder's time); now when absent. */
  notBefore?: string
}

/** Queues messages; a (step, channel, target) already queued is left as it is. Returns how many are new. */
export async function queueMessages(tx: Queryable, messages: readonly NewMessage[]): Promise<number> {
  let added = 0
  for (const m of messages) {
    const r = await tx.query(
      `insert into notify_outbox (application_id, step_key, kind, channel, target, params, next_attempt_at)
       values ($1, $2, $3, $4, $5, $6, coalesce($7::timestamptz, now()))
       on conflict (application_id, step_key, channel, target) do nothing`,
      [m.applicationId, m.stepKey, m.kind, m.channel, m.target ?? '', JSON.stringify(m.params), m.notBefore ?? null],
    )
    added += r.affectedRows
  }
  // Wakes the worker of every instance, on commit only.
  if (added > 0)
    await tx.query(`select pg_notify('notify_outbox', '')`)
  return added
}

export interface ClaimedMessage {
  id: number
  applicationId: string
  stepKey: string
  kind: NotifyKind
  channel: NotifyChannel
  target: string
  params: MessageParams & { stepSeq?: number }
  attempts: number
  claimToken: string
}

/**
 * Takes up to `limit` due messages: pending ones whose time has come, and ones another claim left
 * in 'sending' past its lease (that instance died mid-send). Each claim counts as an attempt.
 */
export async function claimDue(db: Queryable, limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
  const token = randomBytes(12).toString('base64url')
  const { rows } = await db.query<ClaimedMessage & { id: string }>(
    `update notify_outbox o set state = 'sending', attempts = o.attempts + 1, claim_token = $3,
       lease_until = now() + ($2::int * interval '1 millisecond'), updated_at = now()
     where o.id in (
       select id from notify_outbox
       where (state = 'pending' and next_attempt_at <= now()) or (state = 'sending' and lease_until < now())
       order by next_attempt_at, id limit $1 for update skip locked)
     returning o.id, o.application_id::text as "applicationId", o.step_key as "stepKey", o.kind, o.channel, o.target,
       o.params, o.attempts, o.claim_token as "claimToken"`,
    [limit, leaseMs, token],
  )
  return rows.map(r => ({ ...r, id: Number(r.id) })).sort((a, b) => a.id - b.id)
}

/** Records a claim's outcome; false when the claim was lost (lease ran out and another took it). */
export async function finishClaim(db: Queryable, m: ClaimedMessage, outcome: { state: 'sent' | 'failed' | 'cancelled', error?: string | null } | { state: 'pending', retryInMs: number, error: string }): Promise<boolean> {
  const r = await db.query(
    `update notify_outbox set state = $3, lease_until = null, claim_token = null, updated_at = now(),
       last_error = $4,
       sent_at = case when $3 = 'sent' then now() else sent_at end,
       next_attempt_at = case when $3 = 'pending' then now() + ($5::int * interval '1 millisecond') else next_attempt_at end
     where id = $1 and claim_token = $2 and state = 'sending'`,
    [m.id, m.claimToken, outcome.state, outcome.error ?? null, outcome.state === 'pending' ? Math.round(outcome.retryInMs) : 0],
  )
  return r.affectedRows === 1
}

/** A case's messages for the staff page, oldest first. */
export async function listDeliveries(db: Queryable, applicationId: string): Promise<NotifyDelivery[]> {
  const { rows } = await db.query<NotifyDelivery & { id: string }>(
    `select id, kind, channel, state, attempts, ${ISO('next_attempt_at')} as "nextAttemptAt", ${ISO('sent_at')} as "sentAt",
       last_error as "lastError", ${ISO('created_at')} as "createdAt"
     from notify_outbox where application_id = $1 order by id`,
    [applicationId],
  )
  return rows.map(r => ({ ...r, id: Number(r.id) }))
}

/** Puts one message of a case back in the queue to go now, with a fresh count of attempts (call in a transaction). */
export async function requeue(tx: Queryable, applicationId: string, id: number): Promise<{ kind: NotifyKind, channel: NotifyChannel, state: NotifyState } | null> {
  const { rows } = await tx.query<{ kind: NotifyKind, channel: NotifyChannel, state: NotifyState }>(
    'select kind, channel, state from notify_outbox where id = $2 and application_id = $1 for update',
    [applicationId, id],
  )
  // One in flight is left alone: resetting it would let its sender and the next claim both send it.
  if (!rows[0] || rows[0].state === 'sending')
    return rows[0] ?? null
  await tx.query(
    `update notify_outbox set state = 'pending', attempts = 0, next_attempt_at = now(), lease_until = null, claim_token = null,
       last_error = null, updated_at = now() where id = $1`,
    [id],
  )
  await tx.query(`select pg_notify('notify_outbox', '')`)
  return rows[0]
}

/** What sending needs of the application: the sealed contact and the non-personal part. */
export async function applicationForNotify(db: Queryable, id: string): Promise<{ trackingCode: string, personalEnc: string, general: Record<string, unknown> } | null> {
  const { rows } = await db.query<{ trackingCode: string, personalEnc: string, general: Record<string, unknown> }>(
    `select tracking_code as "trackingCode", personal_enc as "personalEnc", general from applications where id = $1`,
    [id],
  )
  return rows[0] ?? null
}

/** Whether a step of one of `kinds` came after case event `seq` (a reminder that is no longer needed). */
export async function stepAfter(db: Queryable, applicationId: string, seq: number, kinds: readonly string[]): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from case_events where application_id = $1 and seq > $2 and kind = any($3::text[]) limit 1`,
    [applicationId, seq, kinds],
  )
  return rows.length > 0
}

export interface PushSubscriptionRow { id: string, applicationId: string, endpoint: string, p256dh: string, auth: string, lang: string }

/** Adds a browser's subscription (the same endpoint again just refreshes its keys). */
export async function saveSubscription(db: Queryable, s: PushSubscriptionRow): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into push_subscriptions (id, application_id, endpoint, p256dh, auth, lang) values ($1, $2, $3, $4, $5, $6)
     on conflict (application_id, endpoint) do update set p256dh = excluded.p256dh, auth = excluded.auth, lang = excluded.lang
     returning id::text as id`,
    [s.id, s.applicationId, s.endpoint, s.p256dh, s.auth, s.lang],
  )
  return rows[0]!.id
}

export async function subscriptionsOf(db: Queryable, applicationId: string): Promise<PushSubscriptionRow[]> {
  const { rows } = await db.query<PushSubscriptionRow>(
    `select id::text as id, application_id::text as "applicationId", endpoint, p256dh, auth, lang
     from push_subscriptions where application_id = $1 order by created_at, id`,
    [applicationId],
  )
  return rows
}

export async function findSubscription(db: Queryable, id: string): Promise<PushSubscriptionRow | null> {
  const { rows } = await db.query<PushSubscriptionRow>(
    `select id::text as id, application_id::text as "applicationId", endpoint, p256dh, auth, lang from push_subscriptions where id = $1`,
    [id],
  )
  return rows[0] ?? null
}

export async function deleteSubscription(db: Queryable, id: string): Promise<void> {
  await db.query('delete from push_subscriptions where id = $1', [id])
}
