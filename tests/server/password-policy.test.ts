/**
 * Issue 15: staff passwords refuse common passwords, white space only and the user name, judged by
 * zxcvbn (@zxcvbn-ts) rather than a hand-written list; through the admin API and the CLI's rule.
 */
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { passwordProblem } from '~/server/staff/session/password-policy'
import { setupApp } from './helpers'
import { addStaff, signIn } from './staff-helpers'

describe('staff password policy', () => {
  it.each([
    ['            ', 'wang', 'blank'],
    ['short1!', 'wang', 'short'],
    ['wang.li-2024-ok', 'wang.li', 'username'],
    ['WANG.LI secret', 'wang.li', 'username'],
    ['password123', 'wang', 'guessable'],
    ['1234567890', 'wang', 'guessable'],
    ['qwertyuiop', 'wang', 'guessable'],
    ['iloveyou2024', 'wang', 'guessable'],
    ['correct horse battery', 'wang', null],
    ['政府信息公开 申请处理 2026', 'wang', null],
  ])('%j for %s → %s', (password, username, expected) => {
    expect(passwordProblem(password, username)?.problem ?? null).toBe(expected)
  })

  describe('through the admin API', () => {
    let app: FastifyInstance
    let close: () => Promise<void>
    let headers: Record<string, string>
    beforeAll(async () => {
      const s = await setupApp('pglite', { seed: false })
      app = s.app
      close = s.close
      await addStaff(s.db, 'boss', 'admin')
      headers = (await signIn(app, 'boss')).headers
    })
    afterAll(() => close())

    it('refuses a common password, white space and the user name with a 400 naming the field; accepts a strong one', async () => {
      for (const password of ['password1234', '            ', 'newperson-password'] as const) {
        const res = await app.inject({ method: 'POST', url: '/api/staff/users', headers, payload: { username: 'newperson', role: 'reviewer', password } })
        expect(res.statusCode, password).toBe(400)
        expect(res.json()).toMatchObject({ error: { code: 'invalid_field', field: 'password' } })
      }
      const ok = await app.inject({ method: 'POST', url: '/api/staff/users', headers, payload: { username: 'newperson', role: 'reviewer', password: 'amber tractor window 7' } })
      expect(ok.statusCode, ok.body).toBeLessThan(300)
      const { id } = ok.json() as { id?: string, user?: { id: string } }
      const userId = id ?? (ok.json() as { user: { id: string } }).user.id
      const reset = await app.inject({ method: 'PATCH', url: `/api/staff/users/${userId}`, headers, payload: { password: 'newperson2026!!' } })
      expect(reset.statusCode).toBe(400)
      expect(reset.json()).toMatchObject({ error: { field: 'password' } })
    })
  })
})
