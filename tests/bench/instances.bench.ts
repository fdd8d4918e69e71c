/**
 * Ingest on PostgreSQL with two app instances against one (issue 15: target ≥ 1.7×). Each instance
 * is the production server in its own process, all on one fresh PostgreSQL schema with one shared
 * KEK; autocannon sends distinct sealed applications (sealed beforehand, as devices do) to each
 * instance at once, and the accepted rate of the pair is compared with one instance's. Needs
 * DATABASE_URL; the figure depends on free cores (two instances need two to themselves).
 */
import type { Result } from 'autocannon'
import type { TestServer } from '../e2e/server'
import type { BenchTable } from './table'
import type { ApplicationPublicKey } from '~/shared/submission'
import { randomBytes } from 'node:crypto'
import autocannon from 'autocannon'
import { startServer } from '../e2e/server'
import { openTestDb } from '../server/helpers'
import { makeSubmission } from '../support/applications'

const PER_INSTANCE = Number(process.env.BENCH_SUBMISSIONS ?? 2_000)
const CONNECTIONS = 100

function cannon(url: string, bodies: string[]): Promise<Result> {
  let next = 0
  return new Promise((resolve, reject) => {
    autocannon({
      url,
      connections: CONNECTIONS,
      amount: bodies.length,
      timeout: 30,
      requests: [{ method: 'POST', path: '/api/applications', headers: { 'content-type': 'application/json' }, setupRequest: req => ({ ...req, body: bodies[next++ % bodies.length] }) }],
    }, (err, r) => err ? reject(err) : resolve(r))
  })
}

const accepted = (r: Result) => Object.entries(r.statusCodeStats ?? {}).filter(([c]) => Number(c) >= 200 && Number(c) < 300).reduce((s, [, v]) => s + (v.count ?? 0), 0)

async function bodiesFor(server: TestServer, n: number): Promise<string[]> {
  const key = await (await fetch(`${server.url}/api/keys/applications`)).json() as ApplicationPublicKey
  return Promise.all(Array.from({ length: n }, async () => JSON.stringify(await makeSubmission(key))))
}

export default async function bench(): Promise<BenchTable[]> {
  if (!process.env.DATABASE_URL) {
    console.warn('instances bench skipped: DATABASE_URL is not set')
    return []
  }
  const pg = await openTestDb('postgres')
  const env = { DATABASE_URL: pg.url!, KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'), APPLY_RATE_PER_DEVICE: '1000000000', APPLY_RATE_PER_ADDRESS: '1000000000', SYNC_CACHE_MB: '0' }
  const servers: TestServer[] = []
  try {
    servers.push(await startServer({ env }))
    servers.push(await startServer({ env }))
    const [a, b] = servers as [TestServer, TestServer]
    // Warm both (first connections, JIT), then one instance alone, then both at once.
    await cannon(a.url, await bodiesFor(a, 200))
    await cannon(b.url, await bodiesFor(b, 200))
    const one = await cannon(a.url, await bodiesFor(a, PER_INSTANCE))
    const [bodiesA, bodiesB] = [await bodiesFor(a, PER_INSTANCE), await bodiesFor(b, PER_INSTANCE)]
    const t0 = performance.now()
    const both = await Promise.all([cannon(a.url, bodiesA), cannon(b.url, bodiesB)])
    const wall = (performance.now() - t0) / 1000
    const oneRate = accepted(one) / one.duration
    const twoRate = (accepted(both[0]) + accepted(both[1])) / wall
    const errors = (r: Result) => r.errors + r.timeouts + r.non2xx
    return [{
      title: `Ingest on PostgreSQL: two instances against one (${CONNECTIONS} connections per instance, ${PER_INSTANCE} applications each)`,
      columns: ['instances', 'accepted', 'accepted/s', 'p50 ms', 'p99 ms', 'errors or non-2xx', 'ratio to one'],
      rows: [
        [1, accepted(one), oneRate, one.latency.p50, one.latency.p99, errors(one), 1],
        [2, accepted(both[0]) + accepted(both[1]), twoRate, Math.max(both[0].latency.p50, both[1].latency.p50), Math.max(both[0].latency.p99, both[1].latency.p99), errors(both[0]) + errors(both[1]), twoRate / oneRate],
      ],
      notes: ['target: two instances ≥ 1.7 × one; both instances and PostgreSQL share the machine, so the ratio is bounded by its free cores'],
    }]
  }
  finally {
    for (const s of servers)
      await s.dispose()
    await pg.drop()
  }
}
