/**
 * Chaos: many devices (one real Chromium context each, some set up as in-person kiosks) fill in
 * and submit applications through the app's own form while each device's network flaps at random
 * (context.setOffline) and the production server process is SIGKILLed and restarted, at least once
 * while a submission is on the wire. The app's own outbox (src/sync/outbox.ts, driven by
 * src/app/modules/outbox.ts) does all the sending. Afterwards:
 *   - the server holds exactly the applications the devices made, each once (ids, tracking codes);
 *   - every device lists every one of its applications as received by the agency;
 *   - every application the server acknowledged was still there after each restart;
 *   - kiosk devices' applications arrived as in-person ones.
 *
 * `npm run test:long` runs a small version (4 devices, 20 applications, 2 kills); `npm run test:chaos`
 * (CHAOS=full) runs 10 devices, 200 applications, 4 kills. Both run on PGlite, and on PostgreSQL
 * too when DATABASE_URL is set. Kiosk devices are enrolled as staff enrol them (a supervisor makes a
 * one-time code, the device opens /kiosk?enrol=CODE): the server believes the in-person channel only
 * from an enrolled kiosk's signature (docs/kiosks.md), so a kiosk that was merely told so would
 * submit on-line.
 *
 * Time: backoff after many failures can reach minutes; once the chaos is over the test moves each
 * page's clock forward (Playwright's clock) so the outbox's own timers fire, rather than waiting.
 */
import type { Browser, BrowserContext, Page, Request } from 'playwright-core'
import type { StorageKind, TestDb } from '../server/helpers'
import type { TestServer } from './server'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDb } from '~/server/platform/db'
import { openTestDb, storageKinds } from '../server/helpers'
import { launchChromium, newDevice } from './chromium'
import { chooseAgency } from './kiosk-helpers'
import { startServer } from './server'
import { createStaffUser, staffHeaders } from './staff-helpers'

const FULL = process.env.CHAOS === 'full'
const PLAN = FULL
  ? { devices: 10, kiosks: 4, applications: 200, kills: 4, midRequestKills: 2, timeoutMs: 30 * 60_000 }
  : { devices: 4, kiosks: 2, applications: 20, kills: 2, midRequestKills: 1, timeoutMs: 170_000 }

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms))
const rand = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo))

interface DeviceRecord { id: string, state: string, trackingCode: string, channel: string }

/** The device's own outbox, read straight from IndexedDB (no app code involved in the check). */
async function deviceApplications(page: Page): Promise<DeviceRecord[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('gongkai')
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
    })
    try {
      if (!db.objectStoreNames.contains('applications'))
        return []
      return await new Promise<DeviceRecord[]>((resolve, reject) => {
        const req = db.transaction('applications').objectStore('applications').getAll()
        req.onsuccess = () => resolve((req.result as DeviceRecord[]).map(r => ({ id: r.id, state: r.state, trackingCode: r.trackingCode, channel: r.channel })))
        req.onerror = () => reject(req.error)
      })
    }
    finally {
      db.close()
    }
  })
}

const SUPERVISOR = { username: 'chaos-supervisor', password: 'chaos supervisor password 7' }

/** Enrols the device as a hall kiosk: a supervisor makes a one-time code, the device redeems it. */
async function enrolKiosk(page: Page, baseUrl: string, n: number): Promise<void> {
  const headers = await staffHeaders(baseUrl, SUPERVISOR)
  const res = await fetch(`${baseUrl}/api/staff/kiosks`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ name: `混沌${n}号机`, hall: '政务服务中心', agencies: ['hn-jinshi'] }) })
  expect(res.status).toBe(201)
  const { code } = await res.json() as { code: string }
  await page.goto(`${baseUrl}/kiosk?enrol=${code}`)
  await page.getByTestId('enrol-submit').click()
  await page.getByTestId('kiosk-name').filter({ hasText: `混沌${n}号机` }).waitFor({ timeout: 30_000 })
}

interface Device {
  n: number
  kiosk: boolean
  context: BrowserContext
  page: Page
  quota: number
  made: number
  offline: boolean
}

describe.each(storageKinds)(`chaos (${FULL ? 'full' : 'small'}) on %s`, (kind: StorageKind) => {
  let server: TestServer
  let pgDb: TestDb | undefined
  let browser: Browser
  const devices: Device[] = []

  // What the wire saw: every POST /api/applications, and the ids the server acknowledged (2xx).
  const inFlight = new Set<Request>()
  const finishedRequests = new Set<Request>()
  const failedRequests = new Map<Request, string>() // → Chromium's error text
  const acked = new Map<string, string>() // id → exact body, to ask the server again after a restart
  /** Each kill, and the submissions it cut off (failed on the wire, not by the device going offline). */
  const kills: { cutOff: string[] }[] = []
  const lostAfterRestart: string[] = []

  function watch(context: BrowserContext): void {
    const isSubmit = (r: Request) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/applications'
    context.on('request', (r) => {
      if (isSubmit(r))
        inFlight.add(r)
    })
    context.on('requestfailed', (r) => {
      if (isSubmit(r)) {
        inFlight.delete(r)
        failedRequests.set(r, r.failure()?.errorText ?? '')
      }
    })
    context.on('requestfinished', (r) => {
      if (!isSubmit(r))
        return
      inFlight.delete(r)
      finishedRequests.add(r)
      void r.response().then(async (res) => {
        if (res && res.status() >= 200 && res.status() < 300) {
          const body = await res.json() as { id: string }
          acked.set(body.id, r.postData()!)
        }
      }).catch(() => {})
    })
  }

  beforeAll(async () => {
    const env: Record<string, string> = { APPLY_RATE_PER_DEVICE: '100000', APPLY_RATE_PER_ADDRESS: '100000' }
    if (kind === 'postgres') {
      pgDb = await openTestDb('postgres')
      env.DATABASE_URL = pgDb.url!
    }
    // The supervisor who enrols the kiosks, made with the real CLI before the server holds the storage.
    const dataDir = await mkdtemp(join(tmpdir(), 'gongkai-chaos-'))
    await createStaffUser(dataDir, { ...SUPERVISOR, role: 'supervisor' }, pgDb?.url ?? '')
    // Restarting after SIGKILL replays PGlite's WAL; on a busy shared machine that can take a while.
    server = await startServer({ env, dataDir, startTimeoutMs: 180_000 })
    browser = await launchChromium()
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
    await pgDb?.drop()
  })

  async function setUpDevice(n: number): Promise<Device> {
    const context = await newDevice(browser, 'phone')
    // The page's clock runs normally until the test moves it forward (see the header).
    await context.clock.install()
    watch(context)
    const page = await context.newPage()
    await page.goto(server.url)
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    await page.reload()
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 60_000 }).toBe(true)
    // The agency key is cached, so sealing works with the network gone.
    await expect.poll(() => page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('gongkai')
        req.onsuccess = () => resolve(req.result)
        req.onerror = () => reject(req.error)
      })
      const row = await new Promise<unknown>((resolve) => {
        const req = db.transaction('meta').objectStore('meta').get('applications.publicKey')
        req.onsuccess = () => resolve(req.result)
        req.onerror = () => resolve(undefined)
      })
      db.close()
      return !!row
    }), { timeout: 60_000 }).toBe(true)
    const kiosk = n < PLAN.kiosks
    if (kiosk)
      await enrolKiosk(page, server.url, n)
    const quota = Math.floor(PLAN.applications / PLAN.devices) + (n < PLAN.applications % PLAN.devices ? 1 : 0)
    return { n, kiosk, context, page, quota, made: 0, offline: false }
  }

  /** One application through the form; whatever happens, the device's outbox is the count. */
  async function submitOne(d: Device): Promise<void> {
    const { page } = d
    await page.goto(`${server.url}/apply`, { timeout: 30_000 })
    await page.getByTestId('apply-form').waitFor({ timeout: 30_000 })
    if (d.kiosk)
      await page.getByText('办事大厅').first().waitFor({ timeout: 30_000 })
    const seq = d.made + 1
    await page.getByTestId('input-name').fill(`测试${String.fromCharCode(0x4E00 + d.n * 64 + seq)}`)
    await page.getByTestId('input-idNumber').fill('11010519491231002X')
    await page.getByTestId('input-phone').fill(`139${String(d.n).padStart(4, '0')}${String(seq).padStart(4, '0')}`)
    await page.getByTestId('input-description').fill(`混沌测试：设备 ${d.n} 的第 ${seq} 份申请，请公开相关信息。`)
    // The form asks for the agency once the device holds the directory (synced with the catalog).
    await chooseAgency(page, 'hn-jinshi', 30_000)
    await page.getByTestId('submit').click()
    await page.getByTestId('receipt').waitFor({ timeout: 30_000 })
  }

  async function countMade(d: Device): Promise<number> {
    for (;;) {
      try {
        return (await deviceApplications(d.page)).length
      }
      catch {
        // The page was navigating: ask again.
        await sleep(200)
      }
    }
  }

  async function submitter(d: Device): Promise<void> {
    d.made = await countMade(d)
    while (d.made < d.quota) {
      await submitOne(d).catch(() => {})
      d.made = await countMade(d)
    }
  }

  async function flapper(d: Device, until: () => boolean): Promise<void> {
    while (!until()) {
      await sleep(d.offline ? rand(200, 1_500) : rand(300, 2_500))
      d.offline = !d.offline
      // A failed run closes the browser under the flapper: that is not a second failure to report.
      await d.context.setOffline(d.offline).catch(() => {})
    }
    d.offline = false
    await d.context.setOffline(false)
  }

  /** Asks the server about every application it acknowledged so far: each must already be there. */
  async function checkAcked(): Promise<void> {
    for (const [id, body] of [...acked]) {
      const res = await fetch(`${server.url}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      // 200 = found (a duplicate); 201 would mean the server had lost it and just made it again.
      if (res.status !== 200)
        lostAfterRestart.push(`${id}: ${res.status}`)
    }
  }

  /**
   * Kills the server PLAN.kills times as the devices' work progresses. A "mid-request" kill waits
   * for a submission on the wire and kills at once; whether it really cut one off is judged by the
   * browser (that request then fails on a connection the server had accepted: empty response or
   * reset). When a kill came too late (the answer got out first), it tries again, up to 10 more
   * kills, so the test never passes by luck.
   */
  async function killer(progress: () => number): Promise<void> {
    let cut = 0
    for (let k = 0; k < PLAN.kills || (cut < PLAN.midRequestKills && k < PLAN.kills + 10); k++) {
      while (progress() < Math.min(k + 1, PLAN.kills) / (PLAN.kills + 1))
        await sleep(100)
      if (cut < PLAN.midRequestKills) {
        const giveUp = Date.now() + 20_000
        while (inFlight.size === 0 && Date.now() < giveUp)
          await sleep(1)
      }
      const onTheWire = [...inFlight]
      await server.stop({ hard: true })
      // Every request that was on the wire ends now, one way or the other.
      await expect.poll(() => onTheWire.every(r => finishedRequests.has(r) || failedRequests.has(r)), { timeout: 30_000 }).toBe(true)
      // Refused or offline means it never reached the server; these mean a connection died under it.
      const cutOff = onTheWire.map(r => failedRequests.get(r) ?? '').filter(e => /ERR_(?:EMPTY_RESPONSE|CONNECTION_RESET|CONNECTION_CLOSED|CONNECTION_ABORTED)/.test(e))
      if (cutOff.length)
        cut++
      kills.push({ cutOff })
      await sleep(rand(300, 2_000))
      await server.start()
      await checkAcked()
    }
  }

  it(`${PLAN.devices} devices, ${PLAN.applications} applications, flapping networks, ${PLAN.kills} server kills`, async () => {
    // Set up a few devices at a time: each first visit installs the service worker.
    for (let i = 0; i < PLAN.devices; i += 3) {
      const batch = await Promise.all(Array.from({ length: Math.min(3, PLAN.devices - i) }, (_, j) => setUpDevice(i + j)))
      devices.push(...batch)
    }
    expect(devices.filter(d => d.kiosk)).toHaveLength(PLAN.kiosks)

    let submitting = true
    const progress = () => devices.reduce((s, d) => s + d.made, 0) / PLAN.applications
    const flappers = devices.map(d => flapper(d, () => !submitting))
    const kill = killer(() => (submitting ? progress() : 1))
    kill.catch(() => {}) // awaited below; this only keeps an early failure from being "unhandled"
    await Promise.all(devices.map(d => submitter(d)))
    submitting = false
    await Promise.all(flappers)
    await kill
    expect(devices.reduce((s, d) => s + d.made, 0)).toBe(PLAN.applications)

    // Chaos over: network on, server up. Each page's clock moves on so backoff timers fire.
    await expect.poll(async () => {
      let waiting = 0
      for (const d of devices) {
        await d.context.clock.fastForward('05:00')
        const apps = await deviceApplications(d.page).catch(() => [])
        expect(apps.filter(a => a.state === 'rejected'), `device ${d.n} has rejected applications`).toEqual([])
        waiting += apps.filter(a => a.state !== 'sent').length
      }
      return waiting
    }, { timeout: FULL ? 600_000 : 90_000, interval: 1_000 }).toBe(0)

    // Every device shows every one of its applications as received, on its own tracking page.
    const byDevice = new Map<number, DeviceRecord[]>()
    for (const d of devices) {
      const apps = await deviceApplications(d.page)
      expect(apps).toHaveLength(d.quota)
      byDevice.set(d.n, apps)
      await d.page.goto(`${server.url}/track`)
      const items = d.page.getByTestId('my-application')
      await expect.poll(() => items.count(), { timeout: 30_000 }).toBe(d.quota)
      for (const a of apps) {
        const item = items.filter({ hasText: a.trackingCode })
        expect(await item.getAttribute('data-state')).toBe('sent')
        expect(await item.getByTestId('my-application-state').textContent()).toContain('机关已收到')
      }
    }

    // The kills happened as planned, and enough of them cut a submission off mid-request.
    expect(kills.length).toBeGreaterThanOrEqual(PLAN.kills)
    expect(kills.filter(k => k.cutOff.length > 0).length).toBeGreaterThanOrEqual(PLAN.midRequestKills)
    expect(lostAfterRestart).toEqual([])
    expect(acked.size).toBeGreaterThan(0)
    console.log(`chaos on ${kind}: ${PLAN.applications} applications from ${PLAN.devices} devices; ${kills.length} kills (${kills.map(k => k.cutOff.length ? `cut off ${k.cutOff.join('/')}` : 'between requests').join(', ')}); ${failedRequests.size} submissions failed on the wire in all; ${acked.size} acknowledgements seen by pages`)

    // The server's own tables: exactly the devices' applications, each once.
    await server.stop()
    const db = kind === 'postgres' ? await openDb({ url: pgDb!.url! }) : await openDb({ dataDir: join(server.dataDir, 'pglite') })
    try {
      const { rows } = await db.query<{ id: string, tracking_code: string, channel: string }>('select id::text as id, tracking_code, channel from applications')
      expect(rows).toHaveLength(PLAN.applications)
      expect(new Set(rows.map(r => r.id)).size).toBe(PLAN.applications)
      expect(new Set(rows.map(r => r.tracking_code)).size).toBe(PLAN.applications)
      const onServer = new Map(rows.map(r => [r.id, r]))
      for (const d of devices) {
        for (const a of byDevice.get(d.n)!) {
          const row = onServer.get(a.id)
          expect(row, `device ${d.n} application ${a.trackingCode}`).toBeDefined()
          expect(row!.tracking_code).toBe(a.trackingCode)
          expect(row!.channel).toBe(d.kiosk ? 'inPerson' : 'online')
        }
      }
      for (const id of acked.keys())
        expect(onServer.has(id), `acknowledged ${id}`).toBe(true)
      const events = await db.query<{ n: number }>(`select count(*)::int as n from application_events where status = 'received'`)
      expect(events.rows[0]!.n).toBe(PLAN.applications)
    }
    finally {
      await db.close()
    }
  }, PLAN.timeoutMs)
})
