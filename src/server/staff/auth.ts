/**
 * Request-level staff auth: read the session cookie, and guard each staff route by capability.
 * Order of refusal: no live session → 401; role lacks the capability → 403 `forbidden`; a mutating
 * method without the session's CSRF token in `x-csrf-token` → 403 `csrf`. The CSRF token is a
 * synchronizer token kept in the session row (not a cookie), so a cross-site page can neither read
 * nor forge it; SameSite=Strict on the cookie is a second, independent layer.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Capability } from '../../shared/review/roles'
import type { Queryable } from '../platform/db'
import type { StaffScope } from './scope/service'
import type { StaffSession } from './store'
import { timingSafeEqual } from 'node:crypto'
import { can } from '../../shared/review/roles'
import { ApiError } from '../platform/errors'
import { findSession } from './store'

/** Tunables; tests shorten them. */
export interface StaffOptions {
  /** Absolute session life. */
  sessionTtlMs: number
  /** A session unused this long ends. */
  idleMs: number
  /** Failed passwords before an account locks. */
  maxFailures: number
  lockMs: number
  /** Failed sign-ins from one address within the window before it is refused. */
  ipMaxFailures: number
  ipWindowMs: number
  /** Refused sign-ins are counted per address in windows this long, one audit row per window. */
  refusalWindowMs: number
  /** Agency name shown on statistics and stamped on cases registered without one. */
  defaultAgency: string
}

export const DEFAULT_STAFF_OPTIONS: StaffOptions = {
  sessionTtlMs: 12 * 3600_000,
  idleMs: 2 * 3600_000,
  maxFailures: 5,
  lockMs: 15 * 60_000,
  ipMaxFailures: 20,
  ipWindowMs: 15 * 60_000,
  refusalWindowMs: 5 * 60_000,
  defaultAgency: '本机关',
}

export const SESSION_COOKIE = 'gk_staff'

declare module 'fastify' {
  interface FastifyRequest {
    staff: StaffSession | null
    /** The agencies the signed-in account may see (set with `staff` under /api/staff, docs/staff.md). */
    staffScope: StaffScope | null
  }
}

/** Cookie header → map (first value wins, as browsers send the most specific cookie first). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>()
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=')
    if (i < 1)
      continue
    const k = part.slice(0, i).trim()
    if (!out.has(k)) {
      try {
        out.set(k, decodeURIComponent(part.slice(i + 1).trim()))
      }
      catch {}
    }
  }
  return out
}

/**
 * The session cookie: httpOnly, SameSite=Strict, Secure when the request came over HTTPS. Path=/api
 * rather than /api/staff so that other areas' admin routes (catalog, reports) can use staffGuard.
 */
export function sessionCookie(req: FastifyRequest, value: string, maxAgeMs: number): string {
  const secure = req.protocol === 'https' ? '; Secure' : ''
  return `${SESSION_COOKIE}=${value}; Path=/api; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(maxAgeMs / 1000)}${secure}`
}

export async function loadSession(db: Queryable, req: FastifyRequest, idleMs: number): Promise<StaffSession | null> {
  const id = parseCookies(req.headers.cookie).get(SESSION_COOKIE)
  if (!id || id.length > 100)
    return null
  return findSession(db, id, idleMs)
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** Throws 403 unless a mutating request carries the session's CSRF token. */
export function checkCsrf(req: FastifyRequest, session: StaffSession): void {
  if (!MUTATING.has(req.method))
    return
  const sent = req.headers['x-csrf-token']
  if (typeof sent !== 'string' || !sameToken(sent, session.csrfToken))
    throw new ApiError(403, 'csrf', '安全校验失败，请刷新页面后重试 (missing or wrong CSRF token)')
}

/** preValidation hook (auth before body validation, so anonymous gets 401 not 400): a signed-in user whose role has `cap`, and the CSRF token on mutating requests. */
export function requireCap(cap: Capability) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (!req.staff)
      throw new ApiError(401, 'unauthenticated', '请先登录 (sign in first)')
    if (!can(req.staff.user.role, cap))
      throw new ApiError(403, 'forbidden', '您的角色无权进行此操作 (your role may not do this)')
    checkCsrf(req, req.staff)
  }
}

/** preValidation hook: any signed-in user (own session management); CSRF still applies. */
export async function requireSignedIn(req: FastifyRequest): Promise<void> {
  if (!req.staff)
    throw new ApiError(401, 'unauthenticated', '请先登录 (sign in first)')
  checkCsrf(req, req.staff)
}

/**
 * A self-contained guard for routes outside /api/staff (the catalog's admin API uses it with
 * `manageCatalog`): loads the session itself, then applies the same 401/403/CSRF rules.
 */
export function staffGuard(db: Queryable, cap: Capability, idleMs = DEFAULT_STAFF_OPTIONS.idleMs) {
  const check = requireCap(cap)
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    req.staff = await loadSession(db, req, idleMs)
    await check(req, reply)
  }
}
