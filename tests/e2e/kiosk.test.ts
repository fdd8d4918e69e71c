/**
 * Kiosk mode end to end: staff turn it on; a citizen fills a form and walks away; the countdown
 * appears after the idle time; when it runs out the app is home, the form is empty, Back does not
 * bring the data back and IndexedDB holds no draft. Tapping 继续使用 instead keeps everything.
 * Time is Playwright's fake clock, so the test does not wait out real minutes.
 *
 * The form is the kiosk self-check form (/kiosk/check): it autosaves into a session-scoped table
 * exactly as an application draft does. Once the apply feature lands, add its draft form here.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { TestServer } from './server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './chromium'
import { countRows, enableKiosk } from './kiosk-helpers'
import { startServer } from './server'

// Long enough that real time passing between steps never trips it; the fake clock jumps it.
const IDLE = 120

describe('kiosk idle reset', () => {
  let server: TestServer
  let browser: Browser
  let context: BrowserContext
  let page: Page

  beforeAll(async () => {
    server = await startServer()
    browser = await launchChromium()
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1080, height: 1600 }, hasTouch: true })
    page = await context.newPage()
    await page.clock.install()
    await enableKiosk(page, server.url, { idleSeconds: IDLE })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  async function fillForm(name: string) {
    await page.goto(`${server.url}/`)
    await page.goto(`${server.url}/kiosk/check`)
    await page.getByTestId('check-name').fill(name)
    await page.getByTestId('check-phone').fill('13800138000')
    await expect.poll(() => page.getByTestId('check-saved').textContent()).toContain('已自动保存')
    expect(await countRows(page, 'kioskChecks')).toBe(1)
  }

  it('the settings page is behind the staff PIN once one is set', async () => {
    await page.goto(`${server.url}/kiosk`)
    await page.getByTestId('pin').fill('000000')
    await page.getByTestId('pin-submit').click()
    await page.getByRole('alert').filter({ hasText: '密码不正确' }).waitFor()
    expect(await page.getByTestId('kiosk-form').count()).toBe(0)
    expect(await page.evaluate(() => document.documentElement.dataset.kiosk)).toBe('on')
  })

  it('tapping 继续使用 keeps everything', async () => {
    await fillForm('张三')
    await page.clock.fastForward((IDLE + 1) * 1000)
    const dialog = page.getByTestId('idle-dialog')
    await expect.poll(() => dialog.isVisible()).toBe(true)
    expect(await dialog.getAttribute('role')).toBe('alertdialog')
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('继续使用')
    await page.getByRole('button', { name: '继续使用' }).click()
    await expect.poll(() => dialog.isVisible()).toBe(false)
    expect(await page.getByTestId('check-name').inputValue()).toBe('张三')
    expect(await countRows(page, 'kioskChecks')).toBe(1)
    expect(new URL(page.url()).pathname).toBe('/kiosk/check')
  })

  it('letting the countdown run out wipes the session and returns home', async () => {
    await fillForm('李四')
    // The citizen looks at something else, then walks away.
    await page.getByTestId('font-large').click()
    await page.locator('.gk-header__brand').click()
    await page.getByTestId('action-reports').click()
    await page.waitForURL(/\/reports$/)
    await page.clock.fastForward((IDLE + 1) * 1000)
    await expect.poll(() => page.getByTestId('idle-dialog').isVisible()).toBe(true)
    const navigated = page.waitForEvent('load')
    await page.clock.fastForward(31_000)
    await navigated
    await page.getByTestId('action-apply').waitFor()
    expect(new URL(page.url()).pathname).toBe('/')
    expect(await countRows(page, 'kioskChecks')).toBe(0)
    // Display preferences are the last person's too: back to the defaults.
    expect(await page.evaluate(() => document.documentElement.dataset.font)).toBe('medium')
    // Kiosk mode itself (a device setting) survives, and so do the public reports.
    expect(await page.evaluate(() => document.documentElement.dataset.kiosk)).toBe('on')
    expect(await countRows(page, 'reports')).toBe(5)

    // Back leads to the pages the citizen saw: the form there is empty, the name nowhere.
    await page.goBack()
    await page.waitForLoadState()
    await expect.poll(async () => {
      const field = page.getByTestId('check-name')
      return (await field.count()) ? field.inputValue() : ''
    }).toBe('')
    expect(await page.getByText('李四').count()).toBe(0)
    expect(await countRows(page, 'kioskChecks')).toBe(0)
  })

  it('links that leave the app show a QR code instead of opening', async () => {
    await page.goto(`${server.url}/`)
    await page.evaluate(() => {
      const a = document.createElement('a')
      a.href = 'https://www.gov.cn/'
      a.textContent = 'gov.cn'
      a.id = 'external'
      document.querySelector('main')!.append(a)
    })
    await page.click('#external')
    await expect.poll(() => page.getByTestId('link-guard').isVisible()).toBe(true)
    expect(new URL(page.url()).origin).toBe(server.url)
    await page.getByTestId('link-guard').getByTestId('qr-code').waitFor()
  })
})
