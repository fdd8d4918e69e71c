/**
 * Trusted kiosks (issue 16), end to end in real Chromium against the real app factory, in-process
 * so the test owns the server's clock (AppContext.now) and reads the stored rows directly:
 * an admin enrols a kiosk from the staff pages; an in-person application made while the kiosk is
 * offline and synced two days later is received on the day the citizen pressed submit; a phone
 * posting `inPerson` is stored as on-line; a backdated claim is flagged and never reaches an
 * earlier year's statistics; 完成 wipes at once and Back shows nothing; a revoked kiosk's next
 * application is on-line.
 */
import type { FastifyInstance } from 'fastify'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { Db } from '~/server/platform/db'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '~/server/platform/app'
import { openDb } from '~/server/platform/db'
import { migrate } from '~/server/platform/db/migrate'
import { seedAll } from '~/server/platform/seed'
import { chinaDate } from '~/shared/calendar'
import { addStaff } from '../server/staff-helpers'
import { makeSubmission } from '../support/applications'
import { launchChromium } from './chromium'
import { chooseAgency, countRows } from './kiosk-helpers'

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url))
const DAY = 86_400_000
const ADMIN = { username: 'hall-admin', password: 'hall admin password 1' }

interface Row { channel: string, receivedOn: string, flag: string | null, kioskId: string | null, claimed: string | null }

describe('trusted kiosks', () => {
  let db: Db
  let app: FastifyInstance
  let url: string
  let browser: Browser
  let desk: BrowserContext
  let kioskCtx: BrowserContext
  let kiosk: Page
  // The server's clock, moved by the test.
  let offset = 0

  beforeAll(async () => {
    db = await openDb({ dataDir: 'memory://' })
    await migrate(db)
    await seedAll(db)
    await addStaff(db, ADMIN.username, 'admin', ADMIN.password)
    app = await buildApp({ db, version: 'e2e', distDir: DIST, now: () => new Date(Date.now() + offset) })
    url = await app.listen({ port: 0, host: '127.0.0.1' })
    browser = await launchChromium()
    desk = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } })
    kioskCtx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1080, height: 1600 }, hasTouch: true })
    kiosk = await kioskCtx.newPage()
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await db?.close()
  })

  async function row(trackingCode: string): Promise<Row | undefined> {
    const { rows } = await db.query<Row>(
      `select channel, to_char(received_on, 'YYYY-MM-DD') as "receivedOn", receipt_flag as flag, kiosk_id::text as "kioskId",
         claimed_submitted_at::text as claimed from applications where tracking_code = $1`,
      [trackingCode],
    )
    return rows[0]
  }

  /** Fills and submits the apply form; `offline` cuts the network once the form is open. */
  async function apply(name: string, opts: { offline?: boolean } = {}): Promise<string> {
    await kiosk.goto(`${url}/apply`)
    await kiosk.getByTestId('apply-form').waitFor()
    if (opts.offline)
      await kioskCtx.setOffline(true)
    // Personal fields never offer or remember anything on a shared kiosk.
    for (const id of ['input-name', 'input-phone', 'input-address'])
      expect(await kiosk.getByTestId(id).getAttribute('autocomplete')).toBe('off')
    await kiosk.getByTestId('input-name').fill(name)
    await kiosk.getByTestId('input-idNumber').fill('11010519491231002X')
    await kiosk.getByTestId('input-phone').fill('13912345678')
    await kiosk.getByTestId('input-description').fill('请公开本区2024年老旧小区改造项目的资金使用明细。')
    // The form asks which agency once the device holds the directory (synced with the catalog).
    await chooseAgency(kiosk, 'hn-jinshi', 20_000)
    await kiosk.getByTestId('submit').click()
    await kiosk.getByTestId('receipt').waitFor({ timeout: 20_000 })
    const code = await kiosk.getByTestId('tracking-code').textContent()
    return code!.trim()
  }

  async function adminPage(): Promise<Page> {
    const page = await desk.newPage()
    await page.goto(`${url}/staff/sign-in`)
    await page.fill('input[name=username]', ADMIN.username)
    await page.fill('input[name=password]', ADMIN.password)
    await page.click('button[type=submit]')
    await page.waitForURL(u => u.pathname.startsWith('/staff') && !u.pathname.includes('sign-in'))
    await page.goto(`${url}/staff/kiosks`)
    await page.getByTestId('kiosk-create').waitFor()
    return page
  }

  let enrolledAt = 0
  let offlineCode = ''

  it('an admin enrols a kiosk from the staff pages with a one-time code', async () => {
    // Two days ago on both clocks: the kiosk is enrolled, then goes offline.
    offset = -2 * DAY
    await kiosk.clock.install({ time: new Date(Date.now() - 2 * DAY) })
    const admin = await adminPage()
    await admin.getByTestId('kiosk-create-name').fill('一楼大厅1号机')
    await admin.getByTestId('kiosk-create-hall').fill('市政务服务中心一楼')
    await admin.getByTestId('kiosk-create-agencies').selectOption(['hn-jinshi', 'hrb-gov'])
    await admin.getByTestId('kiosk-create-submit').click()
    const code = (await admin.getByTestId('kiosk-code').textContent())!.trim()
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    await admin.getByTestId('kiosk-code-card').getByTestId('qr-code').waitFor()
    await admin.close()

    // The kiosk opens the QR code's address: the code is filled in.
    await kiosk.goto(`${url}/kiosk?enrol=${code}`)
    expect(await kiosk.getByTestId('enrol-code').inputValue()).toBe(code)
    await kiosk.getByTestId('enrol-submit').click()
    await kiosk.getByTestId('kiosk-name').filter({ hasText: '一楼大厅1号机' }).waitFor()
    await kiosk.getByTestId('kiosk-enabled').check()
    await kiosk.getByTestId('kiosk-save').click()
    await kiosk.waitForFunction(() => document.documentElement.dataset.kiosk === 'on')
    enrolledAt = Date.now() + offset
    // Installed as a PWA (the service worker controls the page) with the agency key cached, as a
    // kiosk is before it can work offline.
    await kiosk.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    await kiosk.reload()
    await expect.poll(() => kiosk.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 20_000 }).toBe(true)
    await expect.poll(() => kiosk.evaluate(() => new Promise<boolean>((resolve) => {
      const req = indexedDB.open('gongkai')
      req.onsuccess = () => {
        const get = req.result.transaction('meta').objectStore('meta').get('applications.publicKey')
        get.onsuccess = () => resolve(!!get.result)
      }
    })), { timeout: 20_000 }).toBe(true)
    // The key never leaves the device: IndexedDB holds a CryptoKey that cannot be exported.
    const extractable = await kiosk.evaluate(() => new Promise<boolean | null>((resolve) => {
      const req = indexedDB.open('gongkai')
      req.onsuccess = () => {
        const get = req.result.transaction('device').objectStore('device').get('kioskEnrolment')
        get.onsuccess = () => resolve((get.result?.value?.privateKey as CryptoKey | undefined)?.extractable ?? null)
      }
    }))
    expect(extractable).toBe(false)
    // The same code cannot enrol a second device.
    const again = await fetch(`${url}/api/kiosks/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, publicKey: { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'B'.repeat(43) }, sig: 'A'.repeat(86) }) })
    expect(again.status).toBe(400)
  })

  it('an offline in-person application synced two days later is received on the day of submit', async () => {
    offlineCode = await apply('张三', { offline: true })
    const pressed = Date.now() + offset
    expect(await row(offlineCode)).toBeUndefined()
    // Two days pass; the network comes back.
    offset = 0
    await kiosk.clock.setSystemTime(new Date())
    await kioskCtx.setOffline(false)
    await expect.poll(() => row(offlineCode), { timeout: 30_000 }).toBeDefined()
    const stored = (await row(offlineCode))!
    expect(stored).toMatchObject({ channel: 'inPerson', receivedOn: chinaDate(new Date(pressed)), flag: null })
    expect(stored.receivedOn).not.toBe(chinaDate(new Date()))
    expect(stored.kioskId).not.toBeNull()
    expect(pressed).toBeGreaterThan(enrolledAt)
  })

  it('完成 on the receipt wipes the session at once, and Back shows nothing', async () => {
    await kiosk.getByTestId('receipt').waitFor()
    await kiosk.getByTestId('kiosk-done').click()
    await kiosk.waitForURL(u => u.pathname === '/')
    await kiosk.getByTestId('action-apply').waitFor()
    expect(await countRows(kiosk, 'drafts')).toBe(0)
    // Sent, so nothing of it stays on the kiosk.
    await expect.poll(() => countRows(kiosk, 'applications')).toBe(0)
    // The session's two entries (the form, the receipt) open home.
    for (let i = 0; i < 2; i++) {
      await kiosk.goBack()
      await kiosk.getByTestId('action-apply').waitFor()
      expect(new URL(kiosk.url()).pathname).toBe('/')
      expect(await kiosk.getByText('张三').count()).toBe(0)
      expect(await kiosk.getByText(offlineCode).count()).toBe(0)
    }
  })

  it('a phone posting inPerson is stored as on-line, received when the server accepts it', async () => {
    const key = await (await fetch(`${url}/api/keys/applications`)).json()
    const sub = await makeSubmission(key, { general: { channel: 'inPerson', deviceSubmittedAt: new Date(Date.now() - 3 * DAY).toISOString() } })
    const res = await fetch(`${url}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sub) })
    expect(res.status).toBe(201)
    const { trackingCode } = await res.json() as { trackingCode: string }
    expect(await row(trackingCode)).toMatchObject({ channel: 'online', receivedOn: chinaDate(new Date()), kioskId: null })
  })

  it('a backdated claim is flagged with both dates, never counted in an earlier year', async () => {
    const signIn = await fetch(`${url}/api/staff/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) })
    const headers = { cookie: signIn.headers.get('set-cookie')!.split(';')[0]! }
    const stats2025 = async () => (await fetch(`${url}/api/staff/statistics?year=2025`, { headers })).json()
    const before = await stats2025()
    // The kiosk's clock says 1 March 2025 (its session starts by that clock), and it is offline.
    await kiosk.clock.setSystemTime(new Date('2025-03-01T10:00:00+08:00'))
    await kiosk.evaluate(() => sessionStorage.clear())
    const code = await apply('李四', { offline: true })
    await kiosk.clock.setSystemTime(new Date())
    await kioskCtx.setOffline(false)
    await expect.poll(() => row(code), { timeout: 30_000 }).toBeDefined()
    expect(await row(code)).toMatchObject({ channel: 'inPerson', receivedOn: chinaDate(new Date()), flag: 'beforeEnrolment' })
    expect((await row(code))!.claimed).toMatch(/^2025-03-01/)
    expect(await stats2025()).toEqual(before)
    // Staff see it on the kiosks page with both dates.
    const admin = await adminPage()
    const flagged = admin.getByTestId('flagged-row').filter({ hasText: code })
    await flagged.waitFor()
    expect(await flagged.textContent()).toContain('早于该终端登记时间')
    expect(await flagged.textContent()).toContain('2025')
    await admin.close()
    await kiosk.getByTestId('kiosk-done').click()
    await kiosk.waitForURL(u => u.pathname === '/')
  })

  it('a revoked kiosk\'s next application is on-line', async () => {
    const admin = await adminPage()
    await admin.getByTestId('kiosk-revoke').first().click()
    await admin.getByTestId('kiosk-revoke-confirm').click()
    await admin.getByTestId('kiosk-state').filter({ hasText: '已注销' }).waitFor()
    await admin.close()
    const code = await apply('王五')
    await expect.poll(() => row(code), { timeout: 30_000 }).toBeDefined()
    expect(await row(code)).toMatchObject({ channel: 'online', kioskId: null, receivedOn: chinaDate(new Date()) })
  })
})
