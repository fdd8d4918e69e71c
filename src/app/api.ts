/**
 * The one client for `/api`. Every page, composable and pull goes through `apiRequest`, so the
 * server's error body `{ error: { code, message, field } }` is parsed in one place into an
 * `ApiError` with a typed `code`; screens show `t('app.errors.<code>')` (see `useApiErrorText`),
 * never the server's own message, which is bilingual prose meant for logs and API users.
 *
 * Two codes are the client's own: `network` (no answer at all: offline, server down, DNS) and
 * `timeout`. Callers tell "the server said no" from "nobody answered" with `err.code === 'network'`
 * instead of `instanceof` checks on several error classes.
 *
 * The application outbox (`sync/outbox.ts`) keeps its own fetch: it runs in the service worker,
 * takes an injected fetch for tests and has its own retry rules per status.
 *
 * No Vue or Pinia here: state such as the staff CSRF token is passed in per call (the staff store
 * owns it), so a kiosk's session wipe leaves nothing behind in this module.
 */
import type { ApiErrorBody, ApiErrorCode } from '~/shared/api'
import { API_ERROR_CODES } from '~/shared/api'

export type { ApiErrorCode } from '~/shared/api'

/** A refused or failed request. `message` is for logs only; screens use `code`. */
export class ApiError extends Error {
  constructor(
    /** A known code, `network`/`timeout` (no answer), or `http` for a status without a known body. */
    readonly code: ApiErrorCode,
    /** HTTP status; 0 when no answer came. */
    readonly status: number,
    message: string,
    /** The request field the server named, e.g. `year` or `file`. */
    readonly field?: string,
    /** Seconds the server asked the client to wait (Retry-After), when it did. */
    readonly retryAfter?: number,
    /** The server's structured details (e.g. per-field validation errors), when present. */
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'ApiError'
  }

  /** True when nobody answered (offline, server down, timed out): worth retrying later. */
  get unreachable(): boolean {
    return this.status === 0
  }
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header)
    return undefined
  if (/^\d+$/.test(header.trim()))
    return Number(header.trim())
  const at = Date.parse(header)
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000))
}

/** Builds the ApiError for a non-2xx response from its (possibly absent or non-JSON) body. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  const body = await res.json().catch(() => undefined) as Partial<ApiErrorBody> | undefined
  const e = body?.error
  const known = typeof e?.code === 'string' && (API_ERROR_CODES as readonly string[]).includes(e.code)
  return new ApiError(
    known ? e!.code as ApiErrorCode : 'http',
    res.status,
    typeof e?.message === 'string' ? e.message : `HTTP ${res.status}`,
    typeof e?.field === 'string' ? e.field : undefined,
    parseRetryAfter(res.headers.get('retry-after')),
    e?.details,
  )
}

export interface RequestOptions {
  /** JSON-encoded as the request body. */
  json?: unknown
  /** A raw body (an uploaded file's bytes) with its content type. */
  raw?: { body: Blob | ArrayBuffer | string, contentType: string }
  /** Appended as a query string; undefined, null and '' values are left out. */
  query?: Record<string, string | number | boolean | null | undefined>
  /** The staff session's CSRF token: sent as `x-csrf-token` on every method but GET. */
  csrf?: string | null
  signal?: AbortSignal
  /** Default 15 s; a catalog page download passes more. */
  timeoutMs?: number
}

/** `path` plus the non-empty `query` values as a query string. */
export function withQuery(path: string, query: RequestOptions['query']): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== '')
      q.set(k, String(v))
  }
  const s = q.toString()
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path
}

/** One request to /api; resolves with the parsed JSON body (undefined for 204), or throws ApiError. */
export async function apiRequest<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const ctrl = new AbortController()
  const timer = setTimeout(() => ctrl.abort(new DOMException('timeout', 'TimeoutError')), options.timeoutMs ?? 15_000)
  const outer = options.signal
  const onAbort = () => ctrl.abort(outer!.reason)
  if (outer?.aborted)
    onAbort()
  outer?.addEventListener('abort', onAbort)
  const headers: Record<string, string> = { accept: 'application/json' }
  let body: BodyInit | undefined
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(options.json)
  }
  else if (options.raw) {
    headers['content-type'] = options.raw.contentType
    body = options.raw.body
  }
  if (method !== 'GET' && options.csrf)
    headers['x-csrf-token'] = options.csrf
  try {
    let res: Response
    try {
      res = await fetch(withQuery(path, options.query), { method, headers, body, credentials: 'same-origin', cache: 'no-store', signal: ctrl.signal })
    }
    catch (err) {
      // The caller's own abort stays an AbortError (callers ignore it); everything else is "no answer".
      if (outer?.aborted)
        throw err
      const timedOut = ctrl.signal.aborted
      throw new ApiError(timedOut ? 'timeout' : 'network', 0, `${method} ${path}: ${(err as Error).message}`)
    }
    if (!res.ok)
      throw await errorFromResponse(res)
    if (res.status === 204)
      return undefined as T
    return await res.json() as T
  }
  finally {
    clearTimeout(timer)
    outer?.removeEventListener('abort', onAbort)
  }
}

/** Shorthands. */
export const api = {
  get: <T>(path: string, options?: RequestOptions) => apiRequest<T>('GET', path, options),
  post: <T>(path: string, options?: RequestOptions) => apiRequest<T>('POST', path, options),
  put: <T>(path: string, options?: RequestOptions) => apiRequest<T>('PUT', path, options),
  patch: <T>(path: string, options?: RequestOptions) => apiRequest<T>('PATCH', path, options),
  delete: <T>(path: string, options?: RequestOptions) => apiRequest<T>('DELETE', path, options),
}

/** Wraps anything thrown into an ApiError (a bug's TypeError becomes `internal` on screen, not its text). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError)
    return err
  return new ApiError('internal', 0, err instanceof Error ? err.message : String(err))
}
