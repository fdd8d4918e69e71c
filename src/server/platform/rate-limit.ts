/**
 * A small in-memory fixed-window rate limiter, one per route plugin instance (no module state).
 * Per-process only: behind a load balancer each instance limits on its own, which is enough to
 * stop a runaway device or a guessing loop; the window is short so memory stays bounded.
 */
export interface RateLimiter {
  /** Counts one hit for `key`; says whether it is allowed and, if not, in how many seconds to retry. */
  take: (key: string) => { ok: true } | { ok: false, retryAfterSec: number }
}

export function createRateLimiter(options: { limit: number, windowMs: number, now?: () => number, maxKeys?: number }): RateLimiter {
  const { limit, windowMs, now = Date.now, maxKeys = 50_000 } = options
  const hits = new Map<string, { start: number, count: number }>()
  return {
    take(key) {
      const t = now()
      let w = hits.get(key)
      if (!w || t - w.start >= windowMs) {
        if (hits.size >= maxKeys) {
          for (const [k, v] of hits) {
            if (t - v.start >= windowMs)
              hits.delete(k)
          }
          // Still full of live windows: forget the oldest rather than grow without bound.
          if (hits.size >= maxKeys)
            hits.delete(hits.keys().next().value!)
        }
        w = { start: t, count: 0 }
        hits.set(key, w)
      }
      w.count++
      if (w.count <= limit)
        return { ok: true }
      return { ok: false, retryAfterSec: Math.max(1, Math.ceil((w.start + windowMs - t) / 1000)) }
    },
  }
}
