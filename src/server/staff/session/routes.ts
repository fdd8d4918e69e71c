/**
 * Signing in and out. A sign-in always issues a brand-new session id (and ends any session the
 * request already carried), so an id planted in a browser before sign-in is worthless (no fixation).
 * Lock-out is two-fold: per account (stops guessing one password from many addresses) and per
 * address (stops trying many accounts from one); while locked, even the right password is refused.
 */
import type { FastifyInstance } from 'fastify'
import type { StaffPluginOptions } from '../routes'
import { ApiError } from '../../platform/errors'
import { loadSession, parseCookies, requireSignedIn, SESSION_COOKIE, sessionCookie } from '../auth'
import { audit, clearFailures, createSession, deleteSession, deleteUserSessions, findUserForSignIn, recordFailure } from '../store'
import { verifyAgainstDummy, verifyPassword } from './passwords'
import { auditClosedWindows, countRefusal, recentRefusals } from './refusals'

export async function staffSessionRoutes(app: FastifyInstance, { ctx, options }: StaffPluginOptions): Promise<void> {
  const { db } = ctx

  app.post('/api/staff/session', {
    schema: {
      body: {
        type: 'object',
        required: ['username', 'password'],
        properties: { username: { type: 'string', minLength: 1, maxLength: 80 }, password: { type: 'string', minLength: 1, maxLength: 200 } },
      },
    },
  }, async (req, reply) => {
    const { username, password } = req.body as { username: string, password: string }
    const ip = req.ip
    // Closed windows of refusals become one audit row each (refusals.ts); cheap when there are none.
    await auditClosedWindows(db, options.refusalWindowMs)
    if (await recentRefusals(db, ip, options.ipWindowMs, options.refusalWindowMs) >= options.ipMaxFailures) {
      await countRefusal(db, ip, username, 'address', options.refusalWindowMs)
      throw new ApiError(429, 'too_many_attempts', '登录失败次数过多，请15分钟后再试 (too many failed sign-ins from this address; try again later)')
    }
    const user = await findUserForSignIn(db, username)
    const locked = !!user?.lockedUntil && Date.parse(user.lockedUntil) > Date.now()
    const ok = user && !user.disabled ? await verifyPassword(password, user.passwordHash) : await verifyAgainstDummy(password)
    if (locked) {
      await countRefusal(db, ip, username, 'locked', options.refusalWindowMs)
      throw new ApiError(429, 'locked', '该账号因多次登录失败已被暂时锁定，请稍后再试或联系管理员 (account temporarily locked)')
    }
    if (!ok || !user || user.disabled) {
      await recordFailure(db, user?.id ?? null, options.maxFailures, options.lockMs)
      await countRefusal(db, ip, username, 'failed', options.refusalWindowMs)
      throw new ApiError(401, 'bad_credentials', '用户名或密码不正确 (wrong user name or password)')
    }
    // No fixation: whatever session id came with the request is ended, and a new one is issued.
    const presented = parseCookies(req.headers.cookie).get(SESSION_COOKIE)
    if (presented)
      await deleteSession(db, presented)
    await clearFailures(db, user.id)
    const s = await createSession(db, user.id, options.sessionTtlMs, { ip, userAgent: req.headers['user-agent'] ?? '' })
    await audit(db, { actor: user, action: 'signIn', targetType: 'staffUser', targetId: user.id, ip })
    reply.header('set-cookie', sessionCookie(req, s.id, options.sessionTtlMs))
    const { passwordHash: _h, failedCount: _f, lockedUntil: _l, ...safe } = user
    return { user: safe, csrfToken: s.csrfToken }
  })

  // Who am I, and the CSRF token for this session (the page fetches it after a reload).
  app.get('/api/staff/session', async (req) => {
    const s = req.staff ?? await loadSession(db, req, options.idleMs)
    if (!s)
      throw new ApiError(401, 'unauthenticated', '请先登录 (sign in first)')
    const { failedCount: _f, lockedUntil: _l, ...user } = s.user
    return { user, csrfToken: s.csrfToken }
  })

  app.delete('/api/staff/session', { preValidation: requireSignedIn }, async (req, reply) => {
    const id = parseCookies(req.headers.cookie).get(SESSION_COOKIE)!
    await deleteSession(db, id)
    await audit(db, { actor: req.staff!.user, action: 'signOut', targetType: 'staffUser', targetId: req.staff!.user.id, ip: req.ip })
    reply.header('set-cookie', sessionCookie(req, '', 0))
    return { ok: true }
  })

  // Sign out everywhere: ends every session of this user, on every device and instance.
  app.delete('/api/staff/sessions', { preValidation: requireSignedIn }, async (req, reply) => {
    const ended = await deleteUserSessions(db, req.staff!.user.id)
    await audit(db, { actor: req.staff!.user, action: 'signOutEverywhere', targetType: 'staffUser', targetId: req.staff!.user.id, ip: req.ip, details: { ended } })
    reply.header('set-cookie', sessionCookie(req, '', 0))
    return { ok: true, ended }
  })
}
