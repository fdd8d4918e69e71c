import type { StaffRole } from '../../shared/review/roles'
/**
 * `npm run user:create -- --username wang --role admin [--password …] [--name 王某] [--agency ID …]`
 * Creates a staff account; each `--agency` (repeatable, a directory id) limits it to that agency's
 * cases (none: every agency, docs/staff.md). in the configured storage (DATABASE_URL or DATA_DIR, as `npm start`).
 * Without --password it asks for one on the terminal (not echoed), or reads one line from stdin when
 * piped, so the password need not appear in shell history or the process list.
 */
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { isStaffRole, STAFF_ROLE_KEYS } from '../../shared/review/roles'
import { existingAgencyIds } from '../agencies/store'
import { readConfig } from '../platform/config'
import { openDb } from '../platform/db'
import { migrate } from '../platform/db/migrate'
import { replaceUserAgencies } from '../staff/scope/store'
import { passwordProblem } from '../staff/session/password-policy'
import { hashPassword } from '../staff/session/passwords'
import { audit, createUser, findUserForSignIn, USERNAME_RE } from '../staff/store'

function usage(message: string): never {
  console.error(`${message}\n\nusage: npm run user:create -- --username NAME --role ${STAFF_ROLE_KEYS.join('|')} [--password PASSWORD] [--name DISPLAY_NAME] [--agency AGENCY_ID ...]`)
  process.exit(2)
}

async function askPassword(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY })
  if (process.stdin.isTTY) {
    // Echo nothing while the password is typed.
    const out = rl as unknown as { _writeToOutput: (s: string) => void }
    process.stdout.write(prompt)
    out._writeToOutput = () => {}
  }
  const line = await new Promise<string>(resolve => rl.once('line', resolve))
  rl.close()
  if (process.stdin.isTTY)
    process.stdout.write('\n')
  return line
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { username: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' }, agency: { type: 'string', multiple: true } },
  })
  if (!values.username || !USERNAME_RE.test(values.username))
    usage('--username is required: 2–40 letters, digits, dot, dash or underscore')
  if (!isStaffRole(values.role))
    usage(`--role must be one of ${STAFF_ROLE_KEYS.join(', ')}`)
  let password = values.password
  if (password === undefined) {
    password = await askPassword('Password: ')
    if (process.stdin.isTTY && password !== await askPassword('Repeat password: '))
      usage('the passwords do not match')
  }
  const problem = passwordProblem(password, values.username!)
  if (problem)
    usage(problem.message)

  const config = readConfig()
  const db = await openDb({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pglite') })
  try {
    await migrate(db)
    if (await findUserForSignIn(db, values.username))
      usage(`a user named ${values.username} already exists`)
    const agencies = [...new Set(values.agency ?? [])]
    const known = await existingAgencyIds(db, agencies)
    const unknown = agencies.filter(id => !known.has(id))
    if (unknown.length)
      usage(`no agency with id ${unknown.join(', ')} in the directory (see GET /api/agencies)`)
    const hash = await hashPassword(password)
    const user = await db.transaction(async (tx) => {
      const u = await createUser(tx, { username: values.username!, role: values.role as StaffRole, displayName: values.name, passwordHash: hash })
      await replaceUserAgencies(tx, u.id, agencies)
      await audit(tx, { actor: null, action: 'user.create', targetType: 'staffUser', targetId: u.id, details: { username: u.username, role: u.role, agencies, via: 'cli' } })
      return u
    })
    const where = agencies.length ? `for ${agencies.join(', ')}` : 'for every agency'
    console.log(`Created ${user.role} "${user.username}" ${where} in ${db.description}. Sign in at /staff.`)
  }
  finally {
    await db.close()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
