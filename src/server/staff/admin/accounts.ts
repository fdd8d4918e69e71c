/**
 * Creating a staff account: the one path for the admin page (POST /api/staff/users), the running
 * server's control socket (`npm run user:create` while the server runs on PGlite) and the CLI on
 * a database no server holds. Validation, the uniqueness check, the insert and its audit row are
 * here so all three refuse the same things with the same 4xx.
 */
import type { StaffRole } from '../../../shared/review/roles'
import type { Db, Queryable } from '../../platform/db'
import type { StaffUser } from '../store'
import { isStaffRole, STAFF_ROLE_KEYS } from '../../../shared/review/roles'
import { existingAgencyIds } from '../../agencies/store'
import { ApiError, badField } from '../../platform/errors'
import { replaceUserAgencies } from '../scope/store'
import { passwordProblem } from '../session/password-policy'
import { hashPassword } from '../session/passwords'
import { audit, createUser, findUserForSignIn, USERNAME_RE } from '../store'

/** `agencies`: directory ids whose cases the account works on; none = every agency (docs/staff.md). */
export interface NewAccount { username: string, role: StaffRole, password: string, displayName?: string, agencies?: string[] }

/** Who asked: a signed-in admin, or the operator at the server's console (`via`). */
export interface AccountActor { actor: Pick<StaffUser, 'id' | 'username' | 'role'> | null, ip?: string, via?: 'cli' }

/** Checks an untyped body (the control socket has no route schema); throws a 400 naming the field. */
export function parseNewAccount(body: unknown): NewAccount {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>
  if (typeof b.username !== 'string' || !USERNAME_RE.test(b.username))
    throw badField('username', '用户名应为 2–40 个字母、数字、点、横线或下划线 (username: 2–40 letters, digits, . - _)')
  if (!isStaffRole(b.role))
    throw badField('role', `角色应为 ${STAFF_ROLE_KEYS.join('、')} 之一 (role)`)
  if (typeof b.password !== 'string')
    throw badField('password', '请设置密码 (password required)')
  if (b.displayName !== undefined && (typeof b.displayName !== 'string' || b.displayName.length > 50))
    throw badField('displayName', '显示名称最多 50 个字 (displayName: at most 50 characters)')
  if (b.agencies !== undefined && (!Array.isArray(b.agencies) || b.agencies.length > 200 || !b.agencies.every(a => typeof a === 'string' && a.length > 0 && a.length <= 64)))
    throw badField('agencies', '机关应为机关编号的列表 (agencies: a list of agency ids)')
  return { username: b.username, role: b.role, password: b.password, displayName: b.displayName as string | undefined, agencies: b.agencies as string[] | undefined }
}

/** 400 naming `agencies` unless every id is in the directory (creating and editing an account). */
export async function checkAgencies(db: Queryable, ids: readonly string[] | undefined): Promise<void> {
  if (!ids?.length)
    return
  const known = await existingAgencyIds(db, [...ids])
  const unknown = ids.find(id => !known.has(id))
  if (unknown !== undefined)
    throw badField('agencies', `机关目录中没有 ${unknown} (agencies: unknown agency)`)
}

/**
 * Creates the account, its agencies and its audit row in one transaction; 400 on a weak password or
 * an agency not in the directory, 409 on a taken name.
 */
export async function createAccount(db: Db, input: NewAccount, by: AccountActor): Promise<StaffUser & { agencies: string[] }> {
  const p = passwordProblem(input.password, input.username)
  if (p)
    throw badField('password', p.message)
  const agencies = [...new Set(input.agencies ?? [])].sort()
  await checkAgencies(db, agencies)

  if (await findUserForSignIn(db, input.username))
    throw new ApiError(409, 'username_taken', '该用户名已存在 (user name taken)', 'username')
  const passwordHash = await hashPassword(input.password)
  return db.transaction(async (tx) => {
    const u = await createUser(tx, { username: input.username, role: input.role, displayName: input.displayName, passwordHash })
    await replaceUserAgencies(tx, u.id, agencies)
    await audit(tx, { actor: by.actor, action: 'user.create', targetType: 'staffUser', targetId: u.id, ip: by.ip, details: { username: u.username, role: u.role, agencies, ...(by.via ? { via: by.via } : {}) } })
    return { ...u, agencies }
  })
}

/** POST /users on the control socket: 201 with the account, or the 4xx JSON a route would send. */
export async function controlCreateAccount(db: Db, body: unknown): Promise<{ status: number, body: unknown }> {
  try {
    const user = await createAccount(db, parseNewAccount(body), { actor: null, via: 'cli' })
    return { status: 201, body: { user } }
  }
  catch (err) {
    if (err instanceof ApiError)
      return { status: err.statusCode, body: err.toJSON() }
    throw err
  }
}
