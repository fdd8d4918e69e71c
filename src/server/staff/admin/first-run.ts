/**
 * What `npm start` says about staff accounts: with none, how to create the first admin; with
 * STAFF_DEMO=1, a demo reviewer whose password is printed once (it is never stored in the clear,
 * so it cannot be shown again).
 */
import type { Db } from '../../platform/db'
import { hashPassword, randomPassword } from '../session/passwords'
import { audit, countUsers, createUser, findUserForSignIn } from '../store'

export async function staffFirstRun(db: Db, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  if (env.STAFF_DEMO === '1' && !await findUserForSignIn(db, 'demo')) {
    const password = randomPassword()
    const user = await createUser(db, { username: 'demo', role: 'reviewer', displayName: '演示经办人', passwordHash: await hashPassword(password) })
    await audit(db, { actor: null, action: 'user.create', targetType: 'staffUser', targetId: user.id, details: { username: 'demo', role: 'reviewer', via: 'STAFF_DEMO' } })
    const bar = '!'.repeat(72)
    return [
      bar,
      '  DEMO MODE (STAFF_DEMO=1): created staff user "demo" (role reviewer)',
      `  password: ${password}`,
      '  This password is shown ONCE and never again. Do not use demo mode in production:',
      '  disable the account (admin page) or delete the data directory when done.',
      bar,
    ].join('\n')
  }
  if (await countUsers(db) === 0) {
    return [
      '  No staff accounts yet. Create the first administrator with:',
      '    npm run user:create -- --username admin --role admin',
      '  (it asks for a password), then sign in at /staff.',
    ].join('\n')
  }
  return null
}
