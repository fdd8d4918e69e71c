/**
 * Staff who work for their agencies (issue 14), in Chromium against the production server: two
 * agencies of the seed directory with a reviewer each (made with `user:create --agency`) and the
 * platform office. A supervisor of both sets up a hall kiosk serving both, A the default; on it a
 * citizen, offline, applies to A (the form offers both, A pre-filled). After sync it reaches only A's
 * reviewer's live queue; B's reviewer gets 404 for its id; A answers 本机关不掌握 naming B; the applicant's tracking page offers to re-address it
 * to B, and the re-addressed application, sent from the form, reaches B's reviewer; each agency counts one, and the
 * platform office's overview page shows both.
 */
import type { Browser, Page } from 'playwright-core'
import type { TestServer } from './server'
import AxeBuilder from '@axe-core/playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './chromium'
import { enableKiosk, readyForOffline } from './kiosk-helpers'
import { startServer } from './server'
import { createStaffUser, signInStaff, staffHeaders } from './staff-helpers'

const A = 'hn-jinshi'
const B = 'hrb-gov'
const PASSWORD = 'agencies e2e password'
const RA = { username: 'ra', password: PASSWORD }
const RB = { username: 'rb', password: PASSWORD }
const PLAT = { username: 'plat', password: PASSWORD }
const ADMIN = { username: 'adm', password: PASSWORD }
const SUP = { username: 'sup', password: PASSWORD }

describe('staff scoped to agencies', () => {
  let server: TestServer
  let browser: Browser
  let pa: Page
  let pb: Page

  beforeAll(async () => {
    server = await startServer({ startTimeoutMs: 180_000 })
    await server.stop()
    // One account through the CLI's --agency, the others through the admin API (each CLI run opens
    // the database anew, which is slow on a shared machine).
    await createStaffUser(server.dataDir, { ...RA, role: 'reviewer', agencies: [A] })
    await createStaffUser(server.dataDir, { ...ADMIN, role: 'admin' })
    await server.start()
    const ha = await staffHeaders(server.url, ADMIN)
    for (const body of [{ ...RB, role: 'reviewer', agencies: [B] }, { ...PLAT, role: 'platform' }, { ...SUP, role: 'supervisor', agencies: [A, B] }]) {
      const res = await fetch(`${server.url}/api/staff/users`, { method: 'POST', headers: { ...ha, 'content-type': 'application/json' }, body: JSON.stringify(body) })
      expect(res.status).toBe(201)
    }
    browser = await launchChromium()
    const page = async () => (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1024, height: 768 } })).newPage()
    ;[pa, pb] = [await page(), await page()]
  }, 600_000)
  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  /** WCAG 2.1 AA problems axe finds on the page (the kiosk's form and the registry's chooser are new). */
  const axe = async (p: Page) => (await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)
  const step = async (headers: Record<string, string>, id: string, body: object) =>
    fetch(`${server.url}/api/staff/applications/${id}/actions`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) })

  it('routes an application to its agency\'s reviewer only, and a referral to the other agency', async () => {
    for (const [p, who] of [[pa, RA], [pb, RB]] as const) {
      await p.goto(`${server.url}/staff/sign-in`)
      await signInStaff(p, server.url, who)
      await expect.poll(() => p.locator('.review-live').count(), { timeout: 15_000 }).toBe(1)
    }
    // A supervisor of both agencies sets up the hall's kiosk: both agencies, A its default.
    const ps = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1024, height: 768 } })).newPage()
    await signInStaff(ps, server.url, SUP)
    await ps.goto(`${server.url}/staff/kiosks`)
    await ps.getByTestId('kiosk-create-name').fill('一楼大厅1号机')
    await ps.getByTestId('kiosk-create-hall').fill('市政务服务中心一楼')
    await ps.getByTestId('kiosk-create-agencies').selectOption([A, B], { timeout: 20_000 })
    await ps.getByTestId('kiosk-create-agencies-default').selectOption(A)
    expect(await axe(ps)).toEqual([])
    await ps.getByTestId('kiosk-create-submit').click()
    const code = (await ps.getByTestId('kiosk-code').textContent())!.trim()

    // On the kiosk a citizen, offline, applies to A: the form offers the hall's two, A pre-filled.
    const kctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1080, height: 1920 } })
    const kiosk = await kctx.newPage()
    await enableKiosk(kiosk, server.url, { code, idleSeconds: 600 })
    expect(await kiosk.getByTestId('kiosk-agencies').textContent()).toContain('津市市人民政府（默认）、哈尔滨市人民政府')
    await readyForOffline(kiosk)
    await kiosk.goto(`${server.url}/apply`)
    const hall = kiosk.getByTestId('agency-hall').locator('input[name=hallAgency]')
    await expect.poll(() => hall.evaluateAll(els => els.map(e => `${(e as HTMLInputElement).value}:${(e as HTMLInputElement).checked}`)), { timeout: 20_000 })
      .toEqual([`${A}:true`, `${B}:false`, ':other:false'])
    expect(await kiosk.getByTestId('agency-hall').textContent()).toContain('哈尔滨市人民政府')
    expect(await axe(kiosk)).toEqual([])
    await kctx.setOffline(true)
    await kiosk.getByTestId('input-name').fill('张三')
    await kiosk.getByTestId('input-idNumber').fill('11010519491231002X')
    await kiosk.getByTestId('input-phone').fill('13912348000')
    await kiosk.getByTestId('input-description').fill('请公开本市2024年老旧小区改造项目的资金使用明细。')
    await kiosk.getByTestId('submit').click()
    await kiosk.getByTestId('receipt').waitFor({ timeout: 20_000 })
    const trackingCode = (await kiosk.getByTestId('tracking-code').textContent())!.trim()
    expect(await kiosk.getByTestId('receipt').textContent()).toContain('津市市人民政府')
    await kctx.setOffline(false)

    // After sync: only A's reviewer sees it, live.
    const rowA = pa.locator('tr[data-id]', { hasText: trackingCode })
    await expect.poll(() => rowA.count(), { timeout: 30_000 }).toBe(1)
    const first = { id: (await rowA.getAttribute('data-id'))!, trackingCode }

    // The supervisor makes B the default in the kiosk's row; the kiosk learns it at its next check-in.
    const kioskRow = ps.locator('tr[data-kiosk]', { hasText: '一楼大厅1号机' })
    await kioskRow.getByTestId('kiosk-agencies-edit').click()
    await kioskRow.getByTestId('kiosk-edit-agencies-default').selectOption(B)
    await kioskRow.getByTestId('kiosk-agencies-save').click()
    await expect.poll(() => kioskRow.getByTestId('kiosk-agencies').locator('span').first().textContent()).toBe('哈尔滨市人民政府（默认）')
    await ps.close()
    await expect.poll(async () => {
      await kiosk.goto(`${server.url}/apply`)
      await kiosk.getByTestId('agency-hall').waitFor()
      return hall.evaluateAll(els => els.map(e => (e as HTMLInputElement).value))
    }, { timeout: 20_000 }).toEqual([B, A, ':other'])
    await kctx.close()
    const [ha, hb] = [await staffHeaders(server.url, RA), await staffHeaders(server.url, RB)]
    expect((await fetch(`${server.url}/api/staff/applications/${first.id}`, { headers: hb })).status).toBe(404)
    expect(await pb.locator(`tr[data-id="${first.id}"]`).count()).toBe(0)

    // A: not held here (Art. 36(5)), naming B.
    expect((await step(ha, first.id, { type: 'register', channel: 'inPerson' })).status).toBe(200)
    const answered = await step(ha, first.id, { type: 'answer', outcome: 'unable.notHeld', letter: '经检索，本机关不掌握该信息，请向哈尔滨市人民政府申请。', referTo: B })
    expect(answered.status, await answered.clone().text()).toBe(200)

    // The applicant's tracking page offers to re-address it to B.
    const citizen = await (await browser.newContext({ locale: 'zh-CN' })).newPage()
    await citizen.goto(`${server.url}/track`)
    await citizen.getByTestId('track-code').fill(first.trackingCode)
    await citizen.getByTestId('track-phone4').fill('8000')
    await citizen.getByTestId('track-submit').click()
    await citizen.getByTestId('track-readdress').click()
    await citizen.waitForURL(url => url.pathname === '/apply')
    expect(new URL(citizen.url()).searchParams.get('agency')).toBe(B)

    // The citizen sends the re-addressed application from the form (B pre-filled); it reaches B's
    // reviewer only.
    await expect.poll(() => citizen.getByTestId('input-agency').inputValue(), { timeout: 20_000 }).toBe(B)
    await citizen.getByTestId('input-name').fill('张三')
    await citizen.getByTestId('input-idNumber').fill('11010519491231002X')
    await citizen.getByTestId('input-phone').fill('13912348000')
    await citizen.getByTestId('input-description').fill('请公开本市2024年老旧小区改造项目的资金使用明细。')
    await citizen.getByTestId('submit').click()
    await citizen.getByTestId('receipt').waitFor({ timeout: 20_000 })
    const secondCode = (await citizen.getByTestId('tracking-code').textContent())!.trim()
    const rowB = pb.locator('tr[data-id]', { hasText: secondCode })
    await expect.poll(() => rowB.count(), { timeout: 30_000 }).toBe(1)
    const second = { id: (await rowB.getAttribute('data-id'))! }
    // Linked to the first one (Art. 36(5) referral), a separate application with its own receipt.
    expect(JSON.stringify(await (await fetch(`${server.url}/api/staff/applications/${second.id}`, { headers: hb })).json())).toContain(`"redirectedFrom":"${first.id}"`)
    expect((await fetch(`${server.url}/api/staff/applications/${second.id}`, { headers: ha })).status).toBe(404)
    expect(await pa.locator(`tr[data-id="${second.id}"]`).count()).toBe(0)
  })

  it('each agency counts one; the platform office sees both', async () => {
    const year = new Date().getFullYear()
    for (const who of [RA, RB]) {
      const stats = await (await fetch(`${server.url}/api/staff/statistics?year=${year}`, { headers: await staffHeaders(server.url, who) })).json() as { figures: Record<string, number> }
      expect(stats.figures['requests.total']).toBe(1)
    }
    const pp = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1024, height: 768 } })).newPage()
    await pp.goto(`${server.url}/staff/sign-in`)
    await signInStaff(pp, server.url, PLAT)
    await pp.goto(`${server.url}/staff/agencies`)
    const table = pp.getByTestId('platform-overview')
    await table.waitFor()
    for (const id of [A, B])
      expect(await table.locator(`tr[data-agency="${id}"] td`).first().textContent()).toBe('1')
    expect(await pp.getByTestId('platform-total').locator('td').first().textContent()).toBe('2')
  })

  it('an admin sets an account\'s agencies on the accounts page', async () => {
    const pd = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1024, height: 768 } })).newPage()
    await pd.goto(`${server.url}/staff/sign-in`)
    await signInStaff(pd, server.url, ADMIN)
    await pd.goto(`${server.url}/staff/accounts`)
    const row = pd.locator('tr[data-user="rb"]')
    await expect.poll(() => row.getByTestId('account-agencies').textContent(), { timeout: 10_000 }).toContain('哈尔滨市人民政府')
    await row.locator('select[name=agencies]').selectOption([A, B])
    await row.getByRole('button').click()
    await expect.poll(() => row.getByTestId('account-agencies').textContent()).toContain('津市市人民政府')
    const users = await (await fetch(`${server.url}/api/staff/users`, { headers: await staffHeaders(server.url, ADMIN) })).json() as { users: { username: string, agencies: string[] }[] }
    expect(users.users.find(u => u.username === 'rb')!.agencies).toEqual([A, B].sort())
  })
})
