/**
 * Sending the applicant's answers to a 补正 (queued by sync/amendment-submit.ts) in the same drain
 * as applications (sync/outbox.ts, also run by the service worker), with the same outcomes: 2xx sent, 4xx kept with the reason, anything else
 * retried with backoff. The server is idempotent on the id, so a retry after a lost answer is safe.
 */
import type { StoredAmendment } from '~/data/amendments'
import type { ApiErrorBody } from '~/shared/api'
import type { SubmitAmendmentRequest, SubmitAmendmentResponse } from '~/shared/files'
import { dueAmendments, markAmendmentRejected, markAmendmentRetry, markAmendmentSent } from '~/data/amendments'
import { AMENDMENT_VERSION } from '~/shared/files'

export type AmendmentOutcome = 'sent' | 'rejected' | 'retry' | 'unreachable' | 'slowDown'

/** The request body of a queued answer, exactly as stored (a retry sends the same bytes). */
function requestFor(a: StoredAmendment): SubmitAmendmentRequest {
  return { v: AMENDMENT_VERSION, id: a.id, ...a.proof, sealed: a.sealed! }
}

const TRANSIENT = new Set([408, 425, 429, 503])

/** Sends every due answer, oldest first; stops at the first sign the server cannot be reached. */
export async function drainAmendments(ctx: { fetchFn: typeof fetch, now: () => number, backoff: (attempts: number) => number, retryAfter: (header: string | null) => number | undefined }): Promise<AmendmentOutcome[]> {
  const out: AmendmentOutcome[] = []
  for (const a of await dueAmendments(ctx.now())) {
    const o = await sendOne(a, ctx)
    out.push(o)
    if (o === 'unreachable' || o === 'slowDown')
      break
  }
  return out
}

async function sendOne(a: StoredAmendment, ctx: Parameters<typeof drainAmendments>[0]): Promise<AmendmentOutcome> {
  let res: Response
  try {
    res = await ctx.fetchFn(`/api/applications/track/${encodeURIComponent(a.trackingCode)}/amendments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept': 'application/json' },
      body: JSON.stringify(requestFor(a)),
      cache: 'no-store',
      signal: AbortSignal.timeout(120_000),
    })
  }
  catch (err) {
    await markAmendmentRetry(a.id, ctx.now() + ctx.backoff(a.attempts), `network: ${(err as Error).message}`)
    return 'unreachable'
  }
  if (res.ok) {
    await markAmendmentSent(a.id, (await res.json() as SubmitAmendmentResponse).receivedAt)
    return 'sent'
  }
  const body = await res.json().catch(() => undefined) as ApiErrorBody | undefined
  const wait = ctx.retryAfter(res.headers.get('retry-after'))
  if (TRANSIENT.has(res.status) || res.status >= 500) {
    await markAmendmentRetry(a.id, ctx.now() + (wait ?? ctx.backoff(a.attempts)), body?.error?.code ?? `http_${res.status}`)
    return wait !== undefined ? 'slowDown' : 'retry'
  }
  const reason = (body?.error?.details as { reason?: unknown } | undefined)?.reason
  await markAmendmentRejected(a.id, { code: body?.error?.code ?? `http_${res.status}`, field: body?.error?.field ?? null, reason: typeof reason === 'string' ? reason : null })
  return 'rejected'
}
