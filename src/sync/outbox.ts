/**
 * Draining the outbox: POST each queued application to /api/applications until none is due.
 * Runs in a page or in the service worker (Background Sync), one at a time per origin through
 * the Web Lock 'gongkai-outbox'. Outcomes:
 *   2xx            → sent: store the tracking data, drop the sealed personal data;
 *   4xx            → rejected with the server's reasons: kept for the user, never retried on its own;
 *   408/425/429/503, 5xx, no answer → retried later with exponential backoff and full jitter,
 *                    or after Retry-After when the server gives one.
 * Safe to run twice at once anyway: the server is idempotent on the id.
 */
import type { StoredApplication } from '~/data/applications'
import type { ApiErrorBody } from '~/shared/api'
import type { FieldError } from '~/shared/application'
import type { SubmitApplicationResponse } from '~/shared/submission'
import { deferAll, dueApplications, markRejected, markRetry, markSent, requestFor } from '~/data/applications'
import { getDeviceId } from '~/data/device'
import { STORAGE } from '~/data/keys'
import { drainAmendments } from './amendments'

export interface DrainOptions {
  fetch?: typeof fetch
  now?: () => number
  /** 0 ≤ x < 1, for jitter (tests pass a fixed one). */
  random?: () => number
}

export interface DrainResult {
  sent: number
  rejected: number
  /** Left queued for a later attempt. */
  deferred: number
  /** Another tab (or the worker) was already draining. */
  busy: boolean
  /** The server could not be reached at all. */
  unreachable: boolean
}

const BASE_MS = 2_000
const CAP_MS = 5 * 60_000
const TRANSIENT = new Set([408, 425, 429, 503])

/** Full-jitter exponential backoff: uniform in [0, min(cap, base·2^attempts)), at least one second. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** Math.min(attempts, 20))
  return Math.max(1_000, Math.floor(random() * ceiling))
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), or undefined. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header)
    return undefined
  if (/^\d+$/.test(header.trim()))
    return Number(header.trim()) * 1000
  const at = Date.parse(header)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

export async function drainOutbox(options: DrainOptions = {}): Promise<DrainResult> {
  // navigator.locks exists in pages and workers alike (and not in Node, where tests run without it).
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks
  if (!locks)
    return drainOnce(options)
  return locks.request(STORAGE.locks.outbox, { ifAvailable: true }, async (lock: Lock | null) =>
    lock ? drainOnce(options) : { sent: 0, rejected: 0, deferred: 0, busy: true, unreachable: false })
}

async function drainOnce(options: DrainOptions): Promise<DrainResult> {
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis)
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const result: DrainResult = { sent: 0, rejected: 0, deferred: 0, busy: false, unreachable: false }
  const deviceId = await getDeviceId()
  const tried = new Set<string>()
  // Re-list after each pass: another tab may have queued more while this one was sending.
  for (;;) {
    const due = (await dueApplications(now())).filter(a => !tried.has(a.id))
    if (!due.length)
      return drainAmendmentsInto(result, { fetchFn, now, random })
    for (const app of due) {
      tried.add(app.id)
      const outcome = await sendOne(app, { fetchFn, deviceId, now, random })
      if (outcome === 'sent')
        result.sent++
      else if (outcome === 'rejected')
        result.rejected++
      else
        result.deferred++
      if (outcome === 'unreachable' || outcome === 'slowDown') {
        result.unreachable = outcome === 'unreachable'
        return result
      }
    }
  }
}

type Outcome = 'sent' | 'rejected' | 'retry' | 'unreachable' | 'slowDown'

async function sendOne(app: StoredApplication, ctx: { fetchFn: typeof fetch, deviceId: string, now: () => number, random: () => number }): Promise<Outcome> {
  let res: Response
  try {
    res = await ctx.fetchFn('/api/applications', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept': 'application/json', 'x-device-id': ctx.deviceId },
      body: JSON.stringify(requestFor(app)),
      cache: 'no-store',
      signal: AbortSignal.timeout(30_000),
    })
  }
  catch (err) {
    // No answer: the network or the server is down. Wait before trying any of them again.
    const until = ctx.now() + backoffMs(app.attempts, ctx.random)
    await markRetry(app.id, until, `network: ${(err as Error).message}`)
    await deferAll(until)
    return 'unreachable'
  }
  if (res.ok) {
    await markSent(app.id, await res.json() as SubmitApplicationResponse)
    return 'sent'
  }
  const body = await res.json().catch(() => undefined) as ApiErrorBody | undefined
  const message = body?.error.message ?? `HTTP ${res.status}`
  const wait = retryAfterMs(res.headers.get('retry-after'), ctx.now())
  if (wait !== undefined && (TRANSIENT.has(res.status) || res.status >= 500)) {
    await markRetry(app.id, ctx.now() + wait, message)
    await deferAll(ctx.now() + wait)
    return 'slowDown'
  }
  if (TRANSIENT.has(res.status) || res.status >= 500) {
    await markRetry(app.id, ctx.now() + backoffMs(app.attempts, ctx.random), message)
    return 'retry'
  }
  const details = Array.isArray(body?.error.details) ? body.error.details as FieldError[] : []
  const errors = details.length
    ? details
    : [{ field: body?.error.field ?? '', code: body?.error.code ?? 'rejected', message, messageEn: message }]
  await markRejected(app.id, { code: body?.error.code ?? `http_${res.status}`, message, errors })
  return 'rejected'
}

/** After the applications: the 补正 outbox (sync/amendments.ts), counted in the same result. */
async function drainAmendmentsInto(result: DrainResult, ctx: { fetchFn: typeof fetch, now: () => number, random: () => number }): Promise<DrainResult> {
  const outcomes = await drainAmendments({
    fetchFn: ctx.fetchFn,
    now: ctx.now,
    backoff: attempts => backoffMs(attempts, ctx.random),
    retryAfter: header => retryAfterMs(header, ctx.now()),
  })
  for (const o of outcomes) {
    if (o === 'sent')
      result.sent++
    else if (o === 'rejected')
      result.rejected++
    else
      result.deferred++
    if (o === 'unreachable')
      result.unreachable = true
  }
  return result
}
