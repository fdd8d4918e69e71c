/** Fetch JSON from /api with a timeout; errors carry the server's JSON error body when there is one. */
import type { ApiErrorBody } from '~/shared/api'

export class HttpError extends Error {
  constructor(readonly status: number, readonly body: ApiErrorBody | undefined, message: string) {
    super(message)
  }
}

export async function getJson<T>(path: string, init: { timeoutMs?: number, signal?: AbortSignal } = {}): Promise<T> {
  const ctrl = new AbortController()
  const timer = setTimeout(() => ctrl.abort(new DOMException('timeout', 'TimeoutError')), init.timeoutMs ?? 15_000)
  init.signal?.addEventListener('abort', () => ctrl.abort(init.signal!.reason))
  try {
    const res = await fetch(path, { signal: ctrl.signal, headers: { accept: 'application/json' }, cache: 'no-store' })
    if (!res.ok) {
      const body = await res.json().catch(() => undefined) as ApiErrorBody | undefined
      throw new HttpError(res.status, body, body?.error.message ?? `HTTP ${res.status}`)
    }
    return await res.json() as T
  }
  finally {
    clearTimeout(timer)
  }
}

/** POST JSON to /api with a timeout; errors as getJson's. */
export async function postJson<T>(path: string, body: unknown, init: { timeoutMs?: number, signal?: AbortSignal } = {}): Promise<T> {
  const ctrl = new AbortController()
  const timer = setTimeout(() => ctrl.abort(new DOMException('timeout', 'TimeoutError')), init.timeoutMs ?? 15_000)
  init.signal?.addEventListener('abort', () => ctrl.abort(init.signal!.reason))
  try {
    const res = await fetch(path, { method: 'POST', signal: ctrl.signal, headers: { 'accept': 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(body), cache: 'no-store' })
    if (!res.ok) {
      const err = await res.json().catch(() => undefined) as ApiErrorBody | undefined
      throw new HttpError(res.status, err, err?.error.message ?? `HTTP ${res.status}`)
    }
    return await res.json() as T
  }
  finally {
    clearTimeout(timer)
  }
}
