import type { StaffUser } from '../staff/store'
/**
 * `npm run user:create -- --username wang --role admin [--password …] [--name 王某] [--agency ID …]`
 * Creates a staff account in the configured storage (DATABASE_URL or DATA_DIR, as `npm start`).
 * Each `--agency` (repeatable, a directory id) limits it to that agency's cases (none: every
 * agency, docs/staff.md).
 * With PGlite and a server running on DATA_DIR, the account is created by that server, through its
 * control socket (platform/control.ts): two processes must never open one PGlite directory.
 * Without --password it asks for one on the terminal (not echoed), or reads one line from stdin when
 * piped, so the password need not appear in shell history or the process list.
 */
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { isStaffRole, STAFF_ROLE_KEYS } from '../../shared/review/roles'
import { readConfig } from '../platform/config'
import { controlPost } from '../platform/control'
import { pgliteDir } from '../platform/data-dir'
import { openDb } from '../platform/db'
import { migrate } from '../platform/db/migrate'
import { ApiError } from '../platform/errors'
import { createAccount } from '../staff/admin/accounts'
import { passwordProblem } from '../staff/session/password-policy'
import { USERNAME_RE } from '../staff/store'

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

const forWhom = (agencies: string[]) => agencies.length ? `for ${agencies.join(', ')}` : 'for every agency'

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
  const agencies = [...new Set(values.agency ?? [])]
  const input = { username: values.username!, role: values.role, password, displayName: values.name, agencies }
  if (!config.databaseUrl) {
    // A server running on this PGlite directory owns its files: a second process writing them
    // corrupts them (sign-in then failed with a 500 until a restart). Ask that server instead.
    const viaServer = await controlPost(config.dataDir, '/users', input)
    if (viaServer) {
      const body = viaServer.body as { user?: StaffUser, error?: { message: string } } | null
      if (viaServer.status !== 201 || !body?.user) {
        console.error(`The running server refused: ${body?.error?.message ?? `status ${viaServer.status}`}`)
        process.exit(1)
      }
      console.log(`Created ${body.user.role} "${body.user.username}" ${forWhom(agencies)} through the running server (${config.dataDir}). Sign in at /staff.`)
      return
    }
  }
  const db = await openDb({ url: config.databaseUrl, dataDir: pgliteDir(config.dataDir) })
  try {
    await migrate(db)
    const user = await createAccount(db, input, { actor: null, via: 'cli' })
    console.log(`Created ${user.role} "${user.username}" ${forWhom(agencies)} in ${db.description}. Sign in at /staff.`)
  }
  catch (err) {
    if (err instanceof ApiError)
      usage(err.message)
    throw err
  }
  finally {
    await db.close()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
