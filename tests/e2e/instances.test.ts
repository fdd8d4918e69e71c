/**
 * Issue 15, done-when: three production server processes on one PostgreSQL behind nginx (Debian's
 * /usr/sbin/nginx, started by the test as an unprivileged process with a config in a temp dir,
 * loopback only, including the shipped deploy/nginx/gongkai-proxy.conf). A device submits through
 * one instance, tracking answers from another, the staff queue's live stream on a third sees it;
 * then a burst goes through nginx while one instance is killed, and nothing acknowledged is lost.
 * Needs DATABASE_URL (CI sets it); without it the test is skipped with a message saying so.
 */
import type { ChildProcess } from 'node:child_process'
import type { TestServer } from './server'
import type { ApplicationPublicKey, SubmitApplicationResponse } from '~/shared/submission'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { makeSubmission, SAMPLE_PERSONAL } from '../support/applications'
import { startServer } from './server'
import { demoPassword, staffHeaders } from './staff-helpers'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx'
const BASE_URL = process.env.DATABASE_URL

if (!BASE_URL)
  console.warn('\n  !!! tests/e2e/instances.test.ts SKIPPED: DATABASE_URL is not set. Several instances need one PostgreSQL; set DATABASE_URL (as .ci/run does) to run it.\n')

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

async function startNginx(dir: string, upstreams: number[]): Promise<{ url: string, stop: () => Promise<void> }> {
  const port = await freePort()
  const conf = `
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream gongkai {
${upstreams.map(p => `    server 127.0.0.1:${p} max_fails=2 fail_timeout=5s;`).join('\n')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${port};
    include ${ROOT}deploy/nginx/gongkai-proxy.conf;
  }
}
`
  await writeFile(join(dir, 'nginx.conf'), conf)
  const proc: ChildProcess = spawn(NGINX, ['-e', join(dir, 'error.log'), '-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  proc.stderr!.on('data', (b: Buffer) => {
    out += b.toString()
  })
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; ; i++) {
    if (proc.exitCode !== null)
      throw new Error(`nginx exited: ${out}`)
    try {
      await fetch(`${url}/api/health`)
      break
    }
    catch {
      if (i > 100)
        throw new Error(`nginx did not start: ${out}`)
      await new Promise(r => setTimeout(r, 100))
    }
  }
  return {
    url,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise(r => proc.once('exit', r))
        proc.kill('SIGTERM')
        await exited
      }
    },
  }
}

describe.skipIf(!BASE_URL)('several instances on one PostgreSQL behind nginx', () => {
  const schema = `gk_e2e_${randomBytes(5).toString('hex')}`
  const servers: TestServer[] = []
  let nginx: { url: string, stop: () => Promise<void> } | undefined
  let dir = ''
  let url = ''

  afterAll(async () => {
    await nginx?.stop()
    for (const s of servers)
      await s.dispose()
    if (dir)
      await rm(dir, { recursive: true, force: true })
    if (BASE_URL) {
      const c = new pg.Client({ connectionString: BASE_URL })
      await c.connect()
      await c.query(`drop schema if exists ${schema} cascade`)
      await c.end()
    }
  })

  it('submit on one, track on another, the live queue on a third; a killed instance loses nothing acknowledged', async () => {
    const admin = new pg.Client({ connectionString: BASE_URL })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    await admin.end()
    const u = new URL(BASE_URL!)
    u.searchParams.set('options', `-c search_path=${schema}`)
    url = u.toString()
    const env = { DATABASE_URL: url, KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'), TRUST_PROXY: '127.0.0.1' }
    // The first makes the schema, the keys and the demo reviewer; the others find them.
    servers.push(await startServer({ env: { ...env, STAFF_DEMO: '1' } }))
    const password = await demoPassword(servers[0]!)
    servers.push(await startServer({ env }))
    servers.push(await startServer({ env }))
    const [a, b, c] = servers as [TestServer, TestServer, TestServer]

    // One key for all: what a device fetched from one instance opens on every other.
    const key = await (await fetch(`${a.url}/api/keys/applications`)).json() as ApplicationPublicKey
    for (const s of [b, c])
      expect(await (await fetch(`${s.url}/api/keys/applications`)).json()).toEqual(key)

    // Staff watch the live queue on C.
    const staff = await staffHeaders(c.url, { username: 'demo', password })
    const stream = await fetch(`${c.url}/api/staff/stream`, { headers: staff })
    expect(stream.status).toBe(200)
    const reader = stream.body!.getReader()
    const seen = new Set<string>()
    const reading = (async () => {
      let buf = ''
      for (;;) {
        const { value, done } = await reader.read()
        if (done)
          return
        buf += new TextDecoder().decode(value)
        for (const m of buf.matchAll(/data: (\{.*\})\n/g)) {
          const msg = JSON.parse(m[1]!) as { type: string, id?: string }
          if (msg.type === 'application')
            seen.add(msg.id!)
        }
      }
    })()

    // A device submits through A; B answers its tracking; C's stream sees it.
    const sub = await makeSubmission(key)
    const res = await fetch(`${a.url}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sub) })
    expect(res.status).toBe(201)
    const receipt = await res.json() as SubmitApplicationResponse
    expect((await fetch(`${b.url}/api/applications/track/${receipt.trackingCode}?phone4=${SAMPLE_PERSONAL.phone.slice(-4)}`)).status).toBe(200)
    await expect.poll(() => seen.has(sub.id), { timeout: 20_000, interval: 50 }).toBe(true)
    // A staff session made on C works on A (sessions live in the database).
    expect((await fetch(`${a.url}/api/staff/applications`, { headers: staff })).status).toBe(200)

    // nginx in front of all three; a burst through it while B is killed.
    dir = await mkdtemp(join(tmpdir(), 'gk-nginx-'))
    nginx = await startNginx(dir, servers.map(s => s.port))
    const subs = await Promise.all(Array.from({ length: 40 }, () => makeSubmission(key)))
    const acked = new Set<string>()
    const failed: typeof subs = []
    let sent = 0
    const send = async (s: typeof subs[number]) => {
      const r = await fetch(`${nginx!.url}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(s) }).catch(() => null)
      if (r && r.status < 300)
        acked.add(s.id)
      else
        failed.push(s)
      await r?.body?.cancel()
      if (++sent === 10)
        await b.stop({ hard: true })
    }
    // Eight at a time, as a service hall's kiosks would.
    for (let i = 0; i < subs.length; i += 8)
      await Promise.all(subs.slice(i, i + 8).map(send))
    // Devices retry what was not acknowledged (idempotent on the id): all end up accepted.
    for (const s of [...failed]) {
      const r = await fetch(`${nginx.url}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(s) })
      expect(r.status).toBeLessThan(300)
      acked.add(s.id)
    }
    const check = new pg.Client({ connectionString: url })
    await check.connect()
    const { rows } = await check.query<{ id: string }>('select id::text as id from applications')
    await check.end()
    const stored = new Set(rows.map(r => r.id))
    for (const id of acked)
      expect(stored.has(id), id).toBe(true)
    expect(stored.size).toBe(subs.length + 1)
    // The live queue on C saw every one, whichever instance took it.
    await expect.poll(() => subs.every(s => seen.has(s.id)), { timeout: 20_000, interval: 100 }).toBe(true)
    await reader.cancel()
    await reading.catch(() => {})
  })
})
