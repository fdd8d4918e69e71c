/** Admin-only: accounts, settings, and reading the audit log. Every change is itself audited. */
import type { FastifyInstance } from 'fastify'
import type { StaffRole } from '../../../shared/review/roles'
import type { StaffPluginOptions } from '../routes'
import { STAFF_ROLE_KEYS } from '../../../shared/review/roles'
import { badField, notFound } from '../../platform/errors'
import { requireCap } from '../auth'
import { caseService } from '../cases/service'
import { agencyIdsByUser, replaceUserAgencies, userAgencyIds } from '../scope/store'
import { passwordProblem } from '../session/password-policy'
import { hashPassword, MIN_PASSWORD_LENGTH } from '../session/passwords'
import { auditClosedWindows } from '../session/refusals'
import { readSettings, writeSettings } from '../settings'
import { audit, deleteUserSessions, findUser, listAudit, listUsers, updateUser, USERNAME_RE } from '../store'
import { checkAgencies, createAccount } from './accounts'

const uuidParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } as const

/** The agencies an account works for: directory ids (none: every agency, docs/staff.md). */
const agenciesSchema = { type: 'array', maxItems: 500, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 64 } } as const

/** 400 naming the password field when the password is refused (password-policy.ts). */
function refuseWeak(password: string, username: string): void {
  const p = passwordProblem(password, username)
  if (p)
    throw badField('password', p.message)
}

export async function staffAdminRoutes(app: FastifyInstance, { ctx, options }: StaffPluginOptions): Promise<void> {
  const { db } = ctx
  const cases = caseService({ db, keys: ctx.keys, defaultAgency: options.defaultAgency })
  const admin = requireCap('admin')

  app.get('/api/staff/users', { schema: { tags: ['staff'], summary: 'Staff accounts (admin)' }, preValidation: admin }, async () => {
    const agencies = await agencyIdsByUser(db)
    return { users: (await listUsers(db)).map(u => ({ ...u, agencies: agencies.get(u.id) ?? [] })) }
  })

  app.post('/api/staff/users', {
    preValidation: admin,
    schema: {
      tags: ['staff'],
      summary: 'Create a staff account (admin)',
      body: {
        type: 'object',
        required: ['username', 'role', 'password'],
        properties: {
          username: { type: 'string', pattern: USERNAME_RE.source },
          role: { type: 'string', enum: STAFF_ROLE_KEYS },
          password: { type: 'string', minLength: MIN_PASSWORD_LENGTH, maxLength: 200 },
          displayName: { type: 'string', maxLength: 50 },
          agencies: agenciesSchema,
        },
      },
    },
  }, async (req, reply) => {
    const b = req.body as { username: string, role: StaffRole, password: string, displayName?: string, agencies?: string[] }
    const user = await createAccount(db, b, { actor: req.staff!.user, ip: req.ip })
    reply.status(201)
    return { user }
  })

  app.patch('/api/staff/users/:id', {
    preValidation: admin,
    schema: { tags: ['staff'], summary: 'Change role, disable, reset password (admin); ends the user\'s sessions', params: uuidParam, body: {
      type: 'object',
      properties: {
        role: { type: 'string', enum: STAFF_ROLE_KEYS },
        disabled: { type: 'boolean' },
        password: { type: 'string', minLength: MIN_PASSWORD_LENGTH, maxLength: 200 },
        displayName: { type: 'string', maxLength: 50 },
        agencies: agenciesSchema,
      },
      additionalProperties: false,
    } },
  }, async (req) => {
    const { id } = req.params as { id: string }
    const b = req.body as { role?: StaffRole, disabled?: boolean, password?: string, displayName?: string, agencies?: string[] }
    await checkAgencies(db, b.agencies)
    if (b.password !== undefined)
      refuseWeak(b.password, (await findUser(db, id))?.username ?? '')
    const user = await db.transaction(async (tx) => {
      const u = await updateUser(tx, id, { role: b.role, disabled: b.disabled, displayName: b.displayName, passwordHash: b.password ? await hashPassword(b.password) : undefined })
      if (!u)
        return null
      // Scope is read per request, so new agencies apply from the user's next request.
      if (b.agencies)
        await replaceUserAgencies(tx, id, b.agencies)
      // A new role, a disabled account or a reset password must take effect now, not at expiry.
      if (b.role || b.disabled || b.password)
        await deleteUserSessions(tx, id)
      await audit(tx, { actor: req.staff!.user, action: 'user.update', targetType: 'staffUser', targetId: id, ip: req.ip, details: { role: b.role, disabled: b.disabled, passwordReset: !!b.password, agencies: b.agencies } })
      return { ...u, agencies: await userAgencyIds(tx, id) }
    })
    if (!user)
      throw notFound('用户')
    return { user }
  })

  app.get('/api/staff/audit', {
    preValidation: admin,
    schema: {
      tags: ['staff'],
      summary: 'The audit log, newest first, paged by `before` (admin)',
      querystring: {
        type: 'object',
        properties: {
          before: { type: 'integer', minimum: 1 },
          limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
          target: { type: 'string', maxLength: 100 },
          action: { type: 'string', maxLength: 60 },
        },
      },
    },
  }, async (req) => {
    const q = req.query as { before?: number, limit: number, target?: string, action?: string }
    // Refusal windows that closed since the last sign-in attempt are in the log before it is read.
    await auditClosedWindows(db, options.refusalWindowMs)
    const entries = await listAudit(db, { before: q.before, limit: q.limit, targetId: q.target, action: q.action })
    return { entries, nextBefore: entries.length === q.limit ? entries.at(-1)!.seq : null }
  })

  app.get('/api/staff/settings', { schema: { tags: ['staff'], summary: 'Clock settings (admin)' }, preValidation: admin }, async () => ({ settings: await readSettings(db) }))

  app.put('/api/staff/settings', {
    preValidation: admin,
    schema: {
      tags: ['staff'],
      summary: 'Change clock settings (admin); every deadline is recomputed',
      body: {
        type: 'object',
        properties: {
          feeNoticePausesClock: { type: 'boolean' },
          dayOfReceiptCounted: { type: 'boolean' },
          amendmentReplyWorkingDays: { type: 'integer', minimum: 1, maximum: 60 },
        },
        additionalProperties: false,
      },
    },
  }, async (req) => {
    const patch = req.body as Record<string, unknown>
    const settings = await db.transaction(async (tx) => {
      const s = await writeSettings(tx, patch)
      await audit(tx, { actor: req.staff!.user, action: 'settings.update', targetType: 'settings', ip: req.ip, details: patch })
      return s
    })
    // Every deadline depends on these settings: the cached case state must follow at once.
    await cases.recomputeOpenCases({ all: true })
    return { settings }
  })
}
