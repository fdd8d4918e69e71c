/**
 * The live queue's fan-out (issue 14, part of `npm run bench agencies`): the production server in
 * its own process (PGlite on disk, or PostgreSQL with DATABASE_URL), 200 reviewers signed in over
 * the bench's 200 agencies (three on the target agency, one of them also on another) plus one
 * platform account, each holding GET /api/staff/stream open from a plain Node http client. One more
 * reviewer of the target agency is moved to another agency by an administrator while its stream
 * is open (it must stop getting the target's messages at once). Then applications are submitted to the target agency one at a time, as a device submits them, and
 * every stream's messages are timed. Reported: the time from sending the submission until the last
 * of the target agency's reviewers has its message (target < 1 s), the platform account's time,
 * and how many messages reached a reviewer of another agency (must be 0).
 */
import type { IncomingMessage } from 'node:http'
import type { TestServer } from '../e2e/server'
import type { Backend } from './agencies-data'
import type { BenchTable } from './table'
import type { ApplicationPublicKey } from '~/shared/submission'
import { randomBytes } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { openDb } from '~/server/platform/db'
import { migrate } from '~/server/platform/db/migrate'
import { replaceUserAgencies } from '~/server/staff/scope/store'
import { hashPassword } from '~/server/staff/session/passwords'
import { createUser } from '~/server/staff/store'
import { startServer } from '../e2e/server'
import { openTestDb } from '../server/helpers'
import { makeSubmission } from '../support/applications'
import { AGENCIES, p95, seedAgencies } from './agencies-data'

const REVIEWERS = 200
const TARGET = 'bench-7'
/** Reviewers of the target agency; the last of them also works for bench-8. */
const ON_TARGET = 3
const SUBMISSIONS = Number(process.env.AGENCIES_BENCH_SUBMISSIONS ?? 10)
/** How long a submission's messages are awaited; after the expected ones, strays get QUIET_MS more. */
const WAIT_MS = 10_000
const QUIET_MS = 1_000
const PASSWORD = `bench-${randomBytes(8).toString('hex')}`

interface Account { username: string, agencies: string[] | null, role: 'reviewer' | 'platform', id?: string, movedTo?: string[] }

/**
 * Three reviewers on the target agency, one more moved away from it once streaming, the other 196
 * one each over the other 199 agencies, and the platform account.
 */
function accounts(): Account[] {
  const others = Array.from({ length: AGENCIES }, (_, i) => `bench-${i + 1}`).filter(a => a !== TARGET)
  const out: Account[] = []
  for (let k = 0; k < REVIEWERS; k++) {
    const agencies = k < ON_TARGET ? (k === ON_TARGET - 1 ? [TARGET, 'bench-8'] : [TARGET]) : k === ON_TARGET ? [TARGET] : [others[(k - ON_TARGET) % others.length]!]
    out.push({ username: `bench-r${k}`, agencies, role: 'reviewer', ...(k === ON_TARGET ? { movedTo: ['bench-9'] } : {}) })
  }
  out.push({ username: 'bench-platform', agencies: null, role: 'platform' })
  return out
}

interface Stream {
  account: Account
  /** performance.now() of the first message naming each application id. */
  got: Map<string, number>
  close: () => void
}

/** Opens one SSE stream and resolves once its hello arrived (the server registers it before writing hello). */
function openStream(base: string, cookie: string, account: Account): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const got = new Map<string, number>()
    let buf = ''
    let hello = false
    const req = request(`${base}/api/staff/stream`, { headers: { cookie, accept: 'text/event-stream' } }, (res: IncomingMessage) => {
      if (res.statusCode !== 200) {
        reject(new Error(`stream for ${account.username}: HTTP ${res.statusCode}`))
        res.resume()
        return
      }
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        const now = performance.now()
        buf += chunk
        let end = buf.indexOf('\n\n')
        while (end >= 0) {
          const event = buf.slice(0, end)
          buf = buf.slice(end + 2)
          end = buf.indexOf('\n\n')
          const data = event.split('\n').filter(l => l.startsWith('data: ')).map(l => l.slice(6)).join('\n')
          if (!data)
            continue
          const msg = JSON.parse(data) as { type: string, id?: string }
          if (msg.type === 'hello' && !hello) {
            hello = true
            resolve({ account, got, close: () => req.destroy() })
          }
          else if (msg.type === 'application' && msg.id && !got.has(msg.id)) {
            got.set(msg.id, now)
          }
        }
      })
    })
    req.on('error', err => hello ? undefined : reject(err))
    req.end()
  })
}

async function signIn(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/staff/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) })
  if (res.status !== 200)
    throw new Error(`sign-in of ${username}: HTTP ${res.status} ${await res.text()}`)
  return res.headers.get('set-cookie')!.split(';')[0]!
}

/** Polls until `done()` or the deadline; returns whether it came true. */
async function until(done: () => boolean, ms: number): Promise<boolean> {
  const end = performance.now() + ms
  while (!done() && performance.now() < end)
    await new Promise(r => setTimeout(r, 5))
  return done()
}

async function fanOutOn(kind: Backend): Promise<(string | number)[][]> {
  const pg = kind === 'postgres' ? await openTestDb('postgres') : null
  const dataDir = await mkdtemp(join(tmpdir(), 'gongkai-bench-stream-'))
  let server: TestServer | undefined
  const streams: Stream[] = []
  try {
    // The directory and the accounts, written before the server starts (PGlite has one owner at a time).
    const db = pg ? pg.db : await openDb({ dataDir: join(dataDir, 'pglite') })
    await migrate(db)
    await seedAgencies(db)
    const hash = await hashPassword(PASSWORD)
    const all = accounts()
    for (const a of all) {
      const u = await createUser(db, { username: a.username, role: a.role, passwordHash: hash })
      a.id = u.id
      if (a.agencies)
        await replaceUserAgencies(db, u.id, a.agencies)
    }
    await createUser(db, { username: 'bench-admin', role: 'admin', passwordHash: hash })
    if (!pg)
      await db.close()
    const env: Record<string, string> = { APPLY_RATE_PER_DEVICE: '1000000000', APPLY_RATE_PER_ADDRESS: '1000000000' }
    if (pg)
      env.DATABASE_URL = pg.url!
    server = await startServer({ env, dataDir })
    const base = server.url

    const t0 = performance.now()
    const cookies: string[] = []
    // Four at a time: scrypt runs on libuv's four threads.
    for (let i = 0; i < all.length; i += 4)
      cookies.push(...await Promise.all(all.slice(i, i + 4).map(a => signIn(base, a.username))))
    const signInMs = performance.now() - t0
    const t1 = performance.now()
    streams.push(...await Promise.all(all.map((a, i) => openStream(base, cookies[i]!, a))))
    const connectMs = performance.now() - t1

    // The administrator moves one of the target's reviewers while its stream is open (staff/stream re-checks it).
    const adminRes = await fetch(`${base}/api/staff/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench-admin', password: PASSWORD }) })
    const { csrfToken } = await adminRes.json() as { csrfToken: string }
    for (const a of all.filter(a => a.movedTo)) {
      const moved = await fetch(`${base}/api/staff/users/${a.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', 'cookie': adminRes.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': csrfToken }, body: JSON.stringify({ agencies: a.movedTo }) })
      if (moved.status !== 200)
        throw new Error(`moving ${a.username}: HTTP ${moved.status} ${await moved.text()}`)
      a.agencies = a.movedTo!
    }
    const key = await (await fetch(`${base}/api/keys/applications`)).json() as ApplicationPublicKey
    const targets = streams.filter(s => s.account.agencies?.includes(TARGET))
    const others = streams.filter(s => s.account.agencies && !s.account.agencies.includes(TARGET))
    const platform = streams.filter(s => !s.account.agencies)
    const worst: number[] = []
    const platformMs: number[] = []
    const submitMs: number[] = []
    let missed = 0
    const ids: string[] = []
    for (let k = 0; k < SUBMISSIONS; k++) {
      const submission = await makeSubmission(key, { general: { agencyId: TARGET } })
      const body = JSON.stringify(submission)
      const id = submission.id
      const sent = performance.now()
      const res = await fetch(`${base}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      submitMs.push(performance.now() - sent)
      if (res.status >= 300)
        throw new Error(`submission: HTTP ${res.status} ${await res.text()}`)
      ids.push(id)
      const expected = [...targets, ...platform]
      if (!await until(() => expected.every(s => s.got.has(id)), WAIT_MS))
        missed += expected.filter(s => !s.got.has(id)).length
      worst.push(Math.max(...targets.map(s => (s.got.get(id) ?? Number.POSITIVE_INFINITY) - sent)))
      platformMs.push(...platform.map(s => (s.got.get(id) ?? Number.POSITIVE_INFINITY) - sent))
    }
    // Any stray message would have been sent with the others: give it a quiet second to arrive.
    await new Promise(r => setTimeout(r, QUIET_MS))
    const strays = others.reduce((n, s) => n + ids.filter(id => s.got.has(id)).length, 0)
    const name = kind === 'pglite' ? 'PGlite (on disk)' : 'PostgreSQL'
    return [
      [name, `sign in ${all.length} accounts (4 at a time)`, signInMs, '—', all.length],
      [name, `open ${streams.length} streams until each has its hello`, connectMs, '—', streams.length],
      [name, `submission answered (2xx), p95 of ${SUBMISSIONS}`, p95(submitMs), '—', SUBMISSIONS],
      [name, `last of the target agency's ${targets.length} reviewers has the message, from sending (max of ${SUBMISSIONS})`, Math.max(...worst), 1000, targets.length * SUBMISSIONS - missed],
      [name, `the same, median of ${SUBMISSIONS}`, [...worst].sort((a, b) => a - b)[Math.floor(worst.length / 2)]!, 1000, ''],
      [name, 'the platform account has the message (max)', Math.max(...platformMs), 1000, platform.length * SUBMISSIONS],
      [name, `messages at the other agencies' ${others.length} reviewers (count, must be 0)`, '', 0, strays],
      [name, 'expected messages that never arrived (count, must be 0)', '', 0, missed],
    ]
  }
  finally {
    for (const s of streams)
      s.close()
    await server?.dispose()
    await pg?.drop()
  }
}

/** One table, a group of rows per backend. */
export async function streamFanOut(kinds: Backend[]): Promise<BenchTable> {
  const rows: (string | number)[][] = []
  for (const kind of kinds)
    rows.push(...await fanOutOn(kind))
  return {
    title: `Live queue fan-out: ${REVIEWERS} reviewers and a platform account on /api/staff/stream, ${SUBMISSIONS} applications to one agency`,
    columns: ['storage', 'what', 'time (ms)', 'target (ms)', 'count'],
    rows,
    notes: [
      'The server runs in its own process; the 201 stream clients, the submissions and the server share the same 2 cores.',
      `Three reviewers on the target agency (one of them also on another agency), one moved from it to another agency by an administrator (PATCH) after its stream opened and before the first submission, the other ${REVIEWERS - ON_TARGET - 1} one each over the other agencies; "other agencies' reviewers" includes the moved one.`,
    ],
  }
}
