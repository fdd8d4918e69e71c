/**
 * The one place admin routes are protected. Until staff sign-in exists (the staff issue replaces
 * this module), an admin request must carry the operator token from ADMIN_TOKEN, as
 * `authorization: Bearer <token>` or `x-admin-token: <token>`. With no token configured, admin
 * routes are closed: a fresh install is never writable by anyone who finds the URL.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { timingSafeEqual } from 'node:crypto'
import { ApiError } from './errors'

export type AdminGuard = (req: FastifyRequest, reply: FastifyReply) => Promise<void>

function tokenOf(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization
  if (typeof auth === 'string' && auth.startsWith('Bearer '))
    return auth.slice(7).trim()
  const header = req.headers['x-admin-token']
  return typeof header === 'string' ? header.trim() : undefined
}

/** A Fastify onRequest hook that lets through only requests bearing `adminToken`. */
export function adminGuard(adminToken: string | undefined): AdminGuard {
  const expected = adminToken ? Buffer.from(adminToken) : undefined
  return async (req) => {
    if (!expected)
      throw new ApiError(403, 'admin_disabled', '管理功能未启用：请设置 ADMIN_TOKEN (admin API disabled: set ADMIN_TOKEN)')
    const given = tokenOf(req)
    const buf = given ? Buffer.from(given) : Buffer.alloc(0)
    if (buf.length !== expected.length || !timingSafeEqual(buf, expected))
      throw new ApiError(401, 'unauthorized', '需要管理员令牌 (admin token required)')
  }
}
