/**
 * Hostile input at every endpoint the app has, found by reading the app's own route table (so a new
 * endpoint is fuzzed without anyone adding it here). fast-check throws malformed, oversized,
 * deeply nested, wrong-typed and wrongly encoded requests at each, anonymously and with a staff
 * session (supervisor, admin) or a bearer token (the retired catalog operator token: no credential), through app.inject. For every request:
 *   - the answer is never a 5xx (and the process keeps answering);
 *   - a rejected request (4xx) writes no row in any table — except the sign-in endpoint, which
 *     records failed attempts on purpose (lock-out, audit), and only there;
 *   - nothing reaches Object.prototype (prototype pollution through __proto__ / constructor keys);
 *   - no staff or operator endpoint ever answers 2xx to an anonymous request.
 * Runs are modest (FUZZ_RUNS, default 6 per route and identity) so the suite stays fast.
 */
import type { FastifyInstance, InjectOptions } from 'fastify'
import type { Signed } from './staff-helpers'
import type { Db } from '~/server/platform/db'
import type { ApplicationPublicKey } from '~/shared/submission'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uuidv7 } from '~/shared/submission'
import { makeSubmission } from '../support/applications'
import { setupApp, storageKinds } from './helpers'
import { addStaff, signIn, submitApplication } from './staff-helpers'

const RUNS = Number(process.env.FUZZ_RUNS ?? 6)
const OLD_OPERATOR_TOKEN = 'fuzz-operator-token-0123456789'

interface Route { method: string, url: string }

/**
 * Every route, from Fastify's own table (printRoutes prints a radix tree: a child's label continues
 * its parent's path). Static files and the SPA catch-all are left out: they take no input.
 */
function routesOf(app: FastifyInstance): Route[] {
  const out: Route[] = []
  const stack: string[] = []
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line)
    if (!m)
      continue
    const depth = m[1]!.length / 4
    stack.length = depth
    const full = (stack[depth - 1] ?? '') + m[2]!
    stack[depth] = full
    for (const method of (m[3] ?? '').split(', ').filter(Boolean)) {
      if (method !== 'HEAD' && (full.startsWith('/api/') || full === '/application-key.json'))
        out.push({ method, url: full })
    }
  }
  return out
}

/** A request body and how it is labelled. */
interface Body { contentType?: string, payload?: string | Buffer }

const JSON_CT = 'application/json'
const nested = (depth: number, open: string, close: string) => open.repeat(depth) + close.repeat(depth)

function bodies(valid: () => Promise<Record<string, unknown>>): fc.Arbitrary<Body | Promise<Body>> {
  const json = (v: unknown, contentType = JSON_CT): Body => ({ contentType, payload: JSON.stringify(v) })
  const pollution = fc.constantFrom(
    '{"__proto__":{"polluted":"yes","role":"admin"}}',
    '{"constructor":{"prototype":{"polluted":"yes"}}}',
    '{"a":{"__proto__":{"polluted":"yes"}},"__proto__":[]}',
    '{"username":"admin","password":"x","__proto__":{"role":"admin","isAdmin":true}}',
  ).map(p => ({ contentType: JSON_CT, payload: p }))
  const mutated = fc.tuple(fc.array(fc.constantFrom('v', 'id', 'general', 'personal', 'channel', 'description', 'applicantType', 'kid', 'ct', 'iv', 'epk', 'catalogRefs', 'deviceSubmittedAt', 'type', 'year', 'username', 'role'), { minLength: 1, maxLength: 3 }), fc.jsonValue({ maxDepth: 3 }))
    .map(([path, value]) => valid().then((v) => {
      // A well-formed request with one field, at some depth, replaced by a value of any type.
      let at: any = v
      for (const key of path.slice(0, -1)) {
        if (!at[key] || typeof at[key] !== 'object')
          at[key] = {}
        at = at[key]
      }
      at[path.at(-1)!] = value
      return json(v)
    }))
  return fc.oneof(
    fc.jsonValue({ maxDepth: 4 }).map(v => json(v)),
    fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 })).map(v => json(v)),
    pollution,
    mutated,
    fc.string({ maxLength: 200 }).map(s => ({ contentType: JSON_CT, payload: s })), // mostly not JSON
    fc.constantFrom('{', '{"a":', '[1,2', 'null', '"str"', '123', 'true', '{"a":1}}', '\u0000', '').map(s => ({ contentType: JSON_CT, payload: s })),
    fc.integer({ min: 500, max: 20_000 }).map(d => ({ contentType: JSON_CT, payload: nested(d, '[', ']') })),
    fc.integer({ min: 500, max: 5_000 }).map(d => ({ contentType: JSON_CT, payload: `${'{"a":'.repeat(d)}1${'}'.repeat(d)}` })),
    fc.constantFrom(70 * 1024, 1024 * 1024 + 10).map(n => json({ description: 'x'.repeat(n), username: '名'.repeat(n / 3) })),
    // Invalid UTF-8 inside a JSON string, and a lone surrogate escape.
    fc.constantFrom(
      Buffer.from([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0xC0, 0xAF, 0x22, 0x7D]),
      Buffer.from([0xEF, 0xBB, 0xBF, 0x7B, 0x7D]),
      Buffer.from('{"description":"\\ud800","name":"\\udfff"}'),
    ).map(b => ({ contentType: JSON_CT, payload: b })),
    fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=latin1', 'application/json; charset=utf-16').map(ct => ({ contentType: ct, payload: '{"a":1}' })),
    fc.constant({}), // no body, no content type
  )
}

const params = fc.oneof(
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom('1', '0', '-1', '9999999999999999999999', 'null', '%00', '..%2F..%2Fetc%2Fpasswd', '%E0%A4%A', '%', 'GK-0000-0000-0000', '%3Cscript%3E', encodeURIComponent('王'.repeat(300))),
  fc.constant(null).map(() => uuidv7()),
  fc.constant('a'.repeat(5000)),
)

const queries = fc.oneof(
  fc.constant(''),
  fc.dictionary(fc.constantFrom('year', 'since', 'limit', 'cursor', 'status', 'q', 'phone4', 'token', 'page', 'sort', '__proto__', 'constructor'), fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('-1', '1e309', 'NaN', '[]', '%ZZ', 'x'.repeat(3000))), { maxKeys: 3 })
    .map(q => `?${Object.entries(q).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`),
  fc.constantFrom('?year=2024&year=2025', '?since=%', '?a[b][c]=1', '?__proto__[polluted]=yes'),
)

describe.each(storageKinds)('hostile input on %s', (kind) => {
  let app: FastifyInstance
  let db: Db
  let close: () => Promise<void>
  let key: ApplicationPublicKey
  let routes: Route[]
  let tables: string[]
  let supervisor: Signed
  let admin: Signed

  beforeAll(async () => {
    ({ app, db, close } = await setupApp(kind, { applicationLimits: { submitPerAddress: 1e6, submitPerDevice: 1e6, trackPerAddress: 1e6, trackPerCode: 1e6 } }))
    key = (await app.inject('/api/keys/applications')).json()
    await addStaff(db, 'fuzz-supervisor', 'supervisor')
    await addStaff(db, 'fuzz-admin', 'admin')
    supervisor = await signIn(app, 'fuzz-supervisor')
    admin = await signIn(app, 'fuzz-admin')
    await submitApplication(app)
    routes = routesOf(app)
    tables = (await db.query<{ t: string }>(`select table_name as t from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`)).rows.map(r => r.t)
  }, 180_000) // two scrypt sign-ins and migrations on a busy shared machine
  afterAll(() => close())

  async function rowCounts(): Promise<Record<string, number>> {
    const sql = tables.map(t => `select '${t}' as t, count(*)::int as n from "${t}"`).join(' union all ')
    return Object.fromEntries((await db.query<{ t: string, n: number }>(sql)).rows.map(r => [r.t, r.n]))
  }

  it('finds the app\'s endpoints in its route table', () => {
    const names = routes.map(r => `${r.method} ${r.url}`)
    for (const must of ['POST /api/applications', 'GET /api/applications/track/:code', 'POST /api/staff/session', 'DELETE /api/staff/sessions', 'POST /api/staff/applications/:id/actions', 'PUT /api/admin/catalog/categories/:id', 'GET /api/sync/changes'])
      expect(names).toContain(must)
    expect(tables).toEqual(expect.arrayContaining(['applications', 'audit_log', 'catalog_entries', 'staff_sessions']))
  })

  it('answers every malformed request to every endpoint with a 4xx (or a 2xx), writing nothing when it refuses', async () => {
    const identities: { name: string, headers: () => Record<string, string> }[] = [
      { name: 'anonymous', headers: () => ({}) },
      { name: 'supervisor', headers: () => supervisor.headers },
      { name: 'admin', headers: () => admin.headers },
      // The catalog's old operator token is no longer a credential: it gets what anonymous gets.
      { name: 'anonymous with a bearer token', headers: () => ({ authorization: `Bearer ${OLD_OPERATOR_TOKEN}` }) },
    ]
    const valid = async (): Promise<Record<string, unknown>> => ({ ...(await makeSubmission(key)) }) as unknown as Record<string, unknown>
    const seen: string[] = []
    for (const route of routes) {
      for (const who of identities) {
        // A signed-in identity must not sign itself out mid-run; the SSE stream never ends.
        if (who.name !== 'anonymous' && (route.url.startsWith('/api/staff/session') || route.url === '/api/staff/stream'))
          continue
        await fc.assert(fc.asyncProperty(bodies(valid), params, queries, async (bodyOrPromise, param, query) => {
          const body = await bodyOrPromise
          const url = route.url.replace(/:\w+/g, param) + query
          const headers: Record<string, string> = { ...who.headers(), 'x-device-id': `fuzz-${uuidv7()}` }
          if (body.contentType)
            headers['content-type'] = body.contentType
          const before = await rowCounts()
          const res = await app.inject({ method: route.method as InjectOptions['method'], url, headers, ...(route.method === 'GET' || body.payload === undefined ? {} : { payload: body.payload }) })
          seen.push(`${route.method} ${route.url} ${res.statusCode}`)
          expect(res.statusCode, `${who.name} ${route.method} ${url.slice(0, 200)} → ${res.body.slice(0, 300)}`).toBeLessThan(500)
          // Staff and operator endpoints, new ones included, never do anything for a stranger.
          if (who.name.startsWith('anonymous') && /^\/api\/(?:staff|admin)\//.test(route.url) && !(route.url === '/api/staff/session' && route.method === 'POST'))
            expect(res.statusCode, `anonymous ${route.method} ${url.slice(0, 200)}`).toBeGreaterThanOrEqual(400)
          if (res.statusCode >= 400) {
            const after = await rowCounts()
            if (route.url === '/api/staff/session' && route.method === 'POST') {
              // Failed sign-ins are recorded on purpose; nothing else may change.
              for (const t of ['signin_refusals', 'audit_log']) {
                delete after[t]
                delete before[t]
              }
            }
            expect(after, `${who.name} ${route.method} ${url.slice(0, 200)} → ${res.statusCode}`).toEqual(before)
            // Errors are JSON in the one shape.
            expect(res.json()).toHaveProperty('error.code')
          }
          expect(({} as Record<string, unknown>).polluted).toBeUndefined()
          expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
        }), { numRuns: RUNS })
      }
    }
    if (process.env.FUZZ_REPORT) {
      const hist = new Map<string, number>()
      for (const s of seen)
        hist.set(s, (hist.get(s) ?? 0) + 1)
      console.log([...hist].map(([k, n]) => `${k} ×${n}`).join('\n'))
    }
    // It really reached the endpoints: not everything was turned away at the door.
    expect(new Set(seen.map(s => s.split(' ').slice(0, 2).join(' '))).size).toBe(new Set(routes.map(r => `${r.method} ${r.url}`)).size)
    expect(seen.filter(s => s.endsWith(' 422') || s.endsWith(' 400')).length).toBeGreaterThan(routes.length)
    expect((await app.inject('/api/health')).statusCode).toBe(200)
  }, 600_000)
})
