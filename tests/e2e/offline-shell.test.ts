/**
 * The foundation's promise: after one online visit, the app and the five seed reports are there
 * with the network cut, served by the service worker and read from IndexedDB.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { TestServer } from './server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newDevice } from './chromium'
import { startServer } from './server'

describe('offline app shell', () => {
  let server: TestServer
  let browser: Browser
  let context: BrowserContext
  let page: Page

  beforeAll(async () => {
    server = await startServer()
    browser = await launchChromium()
    context = await newDevice(browser, 'phone')
    page = await context.newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  it('first visit online lists the five seed reports on the home page', async () => {
    await page.goto(server.url)
    await expect.poll(() => page.getByTestId('report-card').count(), { timeout: 20_000 }).toBe(5)
    await expect.poll(() => page.getByTestId('net-status').textContent()).toContain('在线')
    expect(await page.locator('h1').textContent()).toContain('政府信息公开')
    // The four main actions are there, in Chinese.
    for (const label of ['浏览年报', '查找信息', '申请公开', '查询进度'])
      expect(await page.getByRole('link', { name: new RegExp(label) }).count()).toBe(1)
  })

  it('the service worker takes control and precaches the shell', async () => {
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    // The first page load is not controlled (there was no worker yet); a reload is.
    await page.reload()
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 20_000 }).toBe(true)
    const manifest = await page.evaluate(async () => (await fetch('/manifest.webmanifest')).json())
    expect(manifest).toMatchObject({ display: 'standalone', lang: 'zh-CN' })
    expect(manifest.name).toContain('政府信息公开')
  })

  it('with the network cut, a reload still shows the app and the five reports from IndexedDB', async () => {
    await server.stop()
    await context.setOffline(true)
    await page.reload()
    await expect.poll(() => page.getByTestId('report-card').count(), { timeout: 20_000 }).toBe(5)
    await expect.poll(() => page.getByTestId('net-status').textContent(), { timeout: 20_000 }).toContain('离线')
    expect(await page.getByTestId('offline-note').isVisible()).toBe(true)
    // A report opens offline with its full text.
    await page.getByTestId('report-card').filter({ hasText: '津市市' }).click()
    await expect.poll(() => page.getByTestId('report-title').textContent()).toContain('津市市')
    expect(await page.locator('article').textContent()).toContain('政府信息公开')
    // A deep link opened cold while offline is served by the worker too.
    await page.goto(`${server.url}/reports`)
    await expect.poll(() => page.getByTestId('report-card').count(), { timeout: 20_000 }).toBe(5)
  })

  it('when the network returns, the offline note clears', async () => {
    await server.start()
    await context.setOffline(false)
    await page.reload()
    await expect.poll(() => page.getByTestId('net-status').textContent(), { timeout: 30_000 }).toContain('在线')
    expect(await page.getByTestId('offline-note').count()).toBe(0)
  })

  it('switches to English and back, and remembers the choice', async () => {
    await page.goto(server.url)
    // On a phone the language switch sits in the header's 设置 menu (one header row).
    const openMenu = async () => {
      if (await page.getByTestId('header-menu').getAttribute('aria-expanded') !== 'true')
        await page.getByTestId('header-menu').click()
    }
    await openMenu()
    await page.getByRole('button', { name: 'Switch to English' }).click()
    await expect.poll(() => page.locator('h1').textContent()).toContain('Government information disclosure')
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
    await page.reload()
    await expect.poll(() => page.locator('h1').textContent()).toContain('Government information disclosure')
    await openMenu()
    await page.getByRole('button', { name: '切换到中文' }).click()
    await expect.poll(() => page.locator('h1').textContent()).toContain('政府信息公开')
  })
})
