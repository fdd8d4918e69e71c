/**
 * Kiosk mode end to end, with the real application form: staff turn kiosk mode on; a citizen sends
 * one application, starts a second, searches the catalog and walks away; the countdown appears
 * after the idle time; when it runs out the app is home, the form is empty, Back does not bring
 * anything back, IndexedDB holds no draft, and the outbox still holds the sent application (not
 * listed in 我的申请 for the next person). Tapping 继续使用 instead keeps everything.
 * Time is Playwright's fake clock, so the test does not wait out real minutes.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { TestServer } from './server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newDevice } from './chromium'
import { appendExternalLink, countRows, enableKiosk } from './kiosk-helpers'
import { startServer } from './server'
import { createStaffUser } from './staff-helpers'

// Long enough that real time passing between steps never trips it; the fake clock jumps it.
const IDLE = 120
const COUNTDOWN = 30
const STAFF = { username: 'hall-staff', password: 'kiosk-staff-pass-1', role: 'reviewer' as const }

describe('kiosk idle reset', () => {
  let server: TestServer
  let browser: Browser
  let context: BrowserContext
  let page: Page

  beforeAll(async () => {
    server = await startServer()
    // A staff account made as operators do (PGlite is single-process: stop the server meanwhile).
    await server.stop()
    await createStaffUser(server.dataDir, STAFF)
    await server.start()
    browser = await launchChromium()
    context = await newDevice(browser, 'kiosk')
    page = await context.newPage()
    await page.clock.install()
    await enableKiosk(page, server.url, { idleSeconds: IDLE, staff: STAFF })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  async function openApplyForm() {
    await page.goto(`${server.url}/`)
    await page.getByTestId('action-apply').click()
    await page.getByTestId('apply-form').waitFor()
  }

  async function fillForm(name: string, description = '请公开本区2024年老旧小区改造项目的资金使用明细。') {
    await page.getByTestId('input-name').fill(name)
    await page.getByTestId('input-idNumber').fill('11010519491231002X')
    await page.getByTestId('input-phone').fill('13912345678')
    await page.getByTestId('input-description').fill(description)
    await page.getByTestId('input-agency').selectOption('hn-jinshi', { timeout: 20_000 })
    await page.getByTestId('saved-at').waitFor()
    await expect.poll(() => countRows(page, 'drafts')).toBe(1)
  }

  async function walkAway() {
    await page.clock.fastForward((IDLE + 1) * 1000)
    await expect.poll(() => page.getByTestId('idle-dialog').isVisible()).toBe(true)
  }

  it('the settings page needs a staff sign-in (or an enrolment code), not a PIN anyone could set', async () => {
    await page.goto(`${server.url}/kiosk`)
    await page.getByTestId('unlock-username').fill(STAFF.username)
    await page.getByTestId('unlock-password').fill('not the password')
    await page.getByTestId('unlock-submit').click()
    await page.getByRole('alert').filter({ hasText: '用户名或密码不正确' }).waitFor()
    expect(await page.getByTestId('kiosk-form').count()).toBe(0)
    expect(await page.evaluate(() => document.documentElement.dataset.kiosk)).toBe('on')
  })

  it('tapping 继续使用 keeps everything', async () => {
    await openApplyForm()
    await fillForm('张三')
    await walkAway()
    const dialog = page.getByTestId('idle-dialog')
    expect(await dialog.getAttribute('role')).toBe('alertdialog')
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('继续使用')
    await page.getByRole('button', { name: '继续使用' }).click()
    await expect.poll(() => dialog.isVisible()).toBe(false)
    expect(await page.getByTestId('input-name').inputValue()).toBe('张三')
    expect(await page.getByTestId('input-phone').inputValue()).toBe('13912345678')
    expect(await countRows(page, 'drafts')).toBe(1)
    expect(new URL(page.url()).pathname).toBe('/apply')
  })

  it('letting the countdown run out wipes the session, keeps the outbox and returns home', async () => {
    // One application sent (it goes to the outbox), then a second one started.
    await openApplyForm()
    await fillForm('李四', '请公开本区2025年道路养护合同。')
    await page.getByTestId('submit').click()
    await page.getByTestId('receipt').waitFor({ timeout: 20_000 })
    expect(await countRows(page, 'applications')).toBe(1)
    // The citizen searches the catalog (the term goes into the URL), enlarges the text, starts a
    // second application and walks away.
    await page.locator('.gk-header__brand').click()
    await page.getByTestId('action-catalog').click()
    await page.getByTestId('catalog-search').fill('预算')
    await page.waitForURL(/q=/)
    await page.getByTestId('font-large').click()
    await page.locator('.gk-header__brand').click()
    await page.getByTestId('action-apply').click()
    await page.getByTestId('apply-form').waitFor()
    await fillForm('李四')
    // A staff member signed in on this kiosk and walked away too (same browser, same cookie jar).
    const signedIn = await context.request.post(`${server.url}/api/staff/session`, { data: { username: STAFF.username, password: STAFF.password } })
    expect(signedIn.status()).toBe(200)
    expect((await context.request.get(`${server.url}/api/staff/session`)).status()).toBe(200)
    await walkAway()
    expect(Number(await page.getByTestId('idle-remaining').textContent())).toBeGreaterThanOrEqual(20)
    const navigated = page.waitForEvent('load')
    await page.clock.fastForward((COUNTDOWN + 1) * 1000)
    await navigated
    await page.getByTestId('action-apply').waitFor()
    expect(new URL(page.url()).pathname).toBe('/')

    // Raw IndexedDB: no draft; the application either still waits in the outbox (sealed) or, once
    // the server had it, left the kiosk with the wipe (issue 16: nothing kept for the next person).
    expect(await countRows(page, 'drafts')).toBe(0)
    expect(await countRows(page, 'applications')).toBeLessThanOrEqual(1)
    expect(await countRows(page, 'reports')).toBe(5)
    // The staff session ended with the reset: the next person is not signed in as staff.
    expect((await context.request.get(`${server.url}/api/staff/session`)).status()).toBe(401)
    // Display preferences were the last person's too: back to the defaults. Kiosk mode stays.
    expect(await page.evaluate(() => document.documentElement.dataset.font)).toBe('medium')
    expect(await page.evaluate(() => document.documentElement.dataset.kiosk)).toBe('on')

    // Back leads nowhere the last person was: each earlier entry (the form, home, the search with
    // its term, the receipt…) opens home instead.
    for (let i = 0; i < 5; i++) {
      await page.goBack()
      await page.getByTestId('action-apply').waitFor()
      expect(new URL(page.url()).pathname).toBe('/')
      expect(page.url()).not.toContain('q=')
      expect(await page.getByText('李四').count()).toBe(0)
    }

    // The form is empty, and 我的申请 does not list the last person's application.
    await page.getByTestId('action-apply').click()
    await page.getByTestId('apply-form').waitFor()
    expect(await page.getByTestId('input-name').inputValue()).toBe('')
    expect(await page.getByTestId('input-description').inputValue()).toBe('')
    await page.locator('.gk-header__brand').click()
    await page.getByTestId('action-track').click()
    await page.getByTestId('my-applications').waitFor()
    await expect.poll(() => page.getByTestId('my-applications').textContent()).toContain('还没有')
    expect(await page.getByTestId('my-application').count()).toBe(0)
    expect(await countRows(page, 'drafts')).toBe(0)
  })

  it('links that leave the app show a QR code instead of opening', async () => {
    await page.goto(`${server.url}/`)
    await page.getByTestId('action-apply').waitFor()
    await appendExternalLink(page)
    await page.click('#external')
    await expect.poll(() => page.getByTestId('link-guard').isVisible()).toBe(true)
    expect(new URL(page.url()).origin).toBe(server.url)
    await page.getByTestId('link-guard').getByTestId('qr-code').waitFor()
  })

  it('staff see a warning in the settings when the browser refuses persistent storage', async () => {
    await page.goto(`${server.url}/kiosk`)
    await page.getByTestId('staff-unlock').waitFor()
    const persisted = await page.evaluate(() => navigator.storage.persisted())
    await expect.poll(() => page.getByTestId('storage-warning').count()).toBe(persisted ? 0 : 1)
  })

  it('when the browser wipes IndexedDB under the app, it downloads the public data again', async () => {
    await page.goto(`${server.url}/`)
    await page.getByTestId('report-card').first().waitFor()
    expect(await countRows(page, 'reports')).toBe(5)
    const cdp = await context.newCDPSession(page)
    await cdp.send('Storage.clearDataForOrigin', { origin: server.url, storageTypes: 'indexeddb' })
    await expect.poll(() => countRows(page, 'reports'), { timeout: 30_000 }).toBe(5)
    await page.reload()
    await page.getByTestId('report-card').first().waitFor()
  })
})
