/** Staff accounts and signed-in sessions for server tests. */
import type { FastifyInstance } from 'fastify'
import type { Queryable } from '~/server/platform/db'
import type { StaffRole } from '~/shared/review/roles'
import { hashPassword } from '~/server/staff/session/passwords'
import { createUser } from '~/server/staff/store'

export const PASSWORD = 'correct horse battery'

export interface Signed { cookie: string, csrf: string, headers: Record<string, string> }

export async function addStaff(db: Queryable, username: string, role: StaffRole, password = PASSWORD) {
  return createUser(db, { username, role, passwordHash: await hashPassword(password) })
}

export function cookieOf(setCookie: string | string[] | undefined): string {
  const first = [setCookie ?? []].flat()[0] ?? ''
  return first.split(';')[0]!
}

export async function signIn(app: FastifyInstance, username: string, password = PASSWORD, extra: Record<string, string> = {}): Promise<Signed> {
  const res = await app.inject({ method: 'POST', url: '/api/staff/session', payload: { username, password }, headers: extra })
  if (res.statusCode !== 200)
    throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`)
  const cookie = cookieOf(res.headers['set-cookie'])
  const csrf = (res.json() as { csrfToken: string }).csrfToken
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } }
}

/** Submits an application the way a device does; returns its id, tracking code and status token. */
export async function submitApplication(app: FastifyInstance, general: Record<string, unknown> = {}): Promise<{ id: string, trackingCode: string, statusToken: string }> {
  const { makeSubmission } = await import('../support/applications')
  const key = (await app.inject('/api/keys/applications')).json()
  const sub = await makeSubmission(key, { general })
  const res = await app.inject({ method: 'POST', url: '/api/applications', payload: sub })
  if (res.statusCode >= 300)
    throw new Error(`submit failed: ${res.statusCode} ${res.body}`)
  return res.json()
}
