/**
 * Annual reports end to end, in Chromium against the production server. An administrator uploads
 * two years of one agency's report in the browser (one carrying markup that would run if the text
 * were ever rendered as HTML), checks the figures against the marked text and publishes. A citizen
 * visits once online; then, with the network cut: opens a report, taps a figure and sees its
 * sentence highlighted and scrolled into view, sees the charts with their data tables, and compares
 * reports side by side with a trend chart. No payload runs; every page is axe-clean.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { TestServer } from './server'
import { readFileSync } from 'node:fs'
import AxeBuilder from '@axe-core/playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newDevice } from './chromium'
import { countRows } from './kiosk-helpers'
import { startServer } from './server'
import { createStaffUser, signInStaff } from './staff-helpers'

const FIXTURE = readFileSync(new URL('../fixtures/reports/2021-flattened.txt', import.meta.url), 'utf8')
/**
 * Not tags the importer treats as HTML, and a sentence (not a breadcrumb line), so it stays in the
 * text verbatim: the page must show it as text.
 */
const PAYLOAD = '附注：<img src=x onerror="window.__pwned=1"><svg/onload="window.__pwned=2"><iframe srcdoc="<b>x</b>">。'
const PASSWORD = 'e2e-admin-password-1'

describe('annual reports', () => {
  let server: TestServer
  let browser: Browser
  let context: BrowserContext
  let page: Page
  const ids: string[] = []
  const dialogs: string[] = []
  const requested: string[] = []

  beforeAll(async () => {
    server = await startServer()
    // An administrator, created with the real CLI while the server (PGlite is single-process) is down.
    await server.stop()
    await createStaffUser(server.dataDir, { username: 'boss', password: PASSWORD, role: 'admin' })
    await server.start()
    browser = await launchChromium()
    // A phone: everything must work there.
    context = await newDevice(browser, 'phone', { hasTouch: true })
    page = await context.newPage()
    page.on('request', r => requested.push(r.url()))
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  const pwned = () => page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null)
  async function axe(): Promise<void> {
    const res = await new AxeBuilder({ page: page as never }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze()
    expect(res.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([])
  }

  async function uploadInBrowser(name: string, text: string): Promise<void> {
    await page.goto(`${server.url}/staff/reports`)
    await page.locator('input[name=file]').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) })
    await page.click('button[name=upload]')
  }

  // Two uploads, a few hundred confirmations and axe over a long page: room for a busy shared machine.
  it('staff upload a report, see every figure marked in the text, confirm and publish', async () => {
    await signInStaff(page, server.url, { username: 'boss', password: PASSWORD })

    // Bad files: the page says why, nothing is created.
    await uploadInBrowser('empty.txt', '')
    await expect.poll(() => page.getByTestId('upload-error').textContent(), { timeout: 10_000 }).toContain('这个文件是空的')
    await uploadInBrowser('huge.txt', 'A'.repeat(6 * 1024 * 1024))
    await expect.poll(() => page.getByTestId('upload-error').textContent(), { timeout: 10_000 }).toContain('文件超过 5 MB')

    for (const [name, text] of [['jiangcheng-2021.txt', FIXTURE.replace('五、存在的主要问题', `${PAYLOAD}\n五、存在的主要问题`)], ['jiangcheng-2020.txt', FIXTURE.replaceAll('2021', '2020')]] as const) {
      await uploadInBrowser(name, text)
      await page.waitForURL(/\/staff\/reports\/[\w-]+$/, { timeout: 20_000 })
      ids.push(decodeURIComponent(page.url().split('/').pop()!))
      await expect.poll(() => page.locator('.report-text mark[data-figure]').count(), { timeout: 10_000 }).toBeGreaterThan(20)
      const row = page.locator('tr[data-key="proactive.total"]')
      await row.locator('th button').click()
      await expect.poll(() => page.locator('.report-text mark.is-active').textContent(), { timeout: 5_000 }).toContain('1,268')
      await page.click('button[name=confirm-all]')
      await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('已确认')
      await page.click('button[name=publish]')
      await expect.poll(() => page.getByTestId('staff-report-notice').textContent(), { timeout: 15_000 }).toMatch(/已发布 \d+ 项数据/)
      await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('已发布')
    }
    expect(ids[0]).not.toBe(ids[1])
    expect(await page.locator('.report-text img, .report-text svg, .report-text iframe').count()).toBe(0)
    await axe()
    expect(await pwned()).toBeNull()
  }, 240_000)

  it('a citizen visits once online: reports and the app reach the device', async () => {
    await page.goto(`${server.url}/reports`)
    await expect.poll(() => countRows(page, 'reports'), { timeout: 30_000 }).toBe(7)
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    await page.reload()
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 20_000 }).toBe(true)
    await server.stop()
    await context.setOffline(true)
  })

  it('offline: filters the list, opens a report, a tapped figure highlights its sentence', async () => {
    await page.goto(`${server.url}/reports`)
    await expect.poll(() => page.getByTestId('report-card').count(), { timeout: 20_000 }).toBe(7)
    await page.fill('input[name=q]', '江城')
    await expect.poll(() => page.getByTestId('report-card').count()).toBe(2)
    await page.selectOption('select[name=year]', '2020')
    await expect.poll(() => page.getByTestId('report-card').count()).toBe(1)
    await page.selectOption('select[name=year]', '')
    await axe()
    // The list charts nothing, so ECharts was never loaded.
    expect(requested.filter(u => /echarts/i.test(u))).toEqual([])

    await page.goto(`${server.url}/reports/${ids[0]}`)
    await expect.poll(() => page.getByTestId('report-title').count(), { timeout: 20_000 }).toBe(1)
    const button = page.locator('.report-figures__item[data-key="requests.total"]')
    expect(await button.textContent()).toContain('已由 boss 核对')
    await button.tap()
    const mark = page.locator('.report-text mark.is-active')
    await expect.poll(() => mark.count()).toBe(1)
    // Scrolled into view, and the whole sentence around it highlighted.
    await expect.poll(() => mark.evaluate((el) => {
      const r = el.getBoundingClientRect()
      return r.top >= 0 && r.bottom <= window.innerHeight
    }), { timeout: 5_000 }).toBe(true)
    expect(await mark.evaluate(el => el.classList.contains('is-source'))).toBe(true)
    expect(await page.locator('.report-text .is-source').count()).toBeGreaterThan(1)
    expect(await button.getAttribute('aria-pressed')).toBe('true')

    // The payload is on the page as text, and nothing of it ran.
    expect(await page.getByTestId('report-text').textContent()).toContain('onerror="window.__pwned=1"')
    expect(await page.locator('.report-text img, .report-text svg, .report-text iframe').count()).toBe(0)
    expect(await pwned()).toBeNull()
    expect(dialogs).toEqual([])
  })

  it('offline: charts render as SVG next to their data tables', async () => {
    // The 2021 template states outcomes (not channels or categories): one chart here.
    await expect.poll(() => page.locator('[data-testid=report-chart] svg').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(1)
    const tables = page.getByTestId('chart-table')
    expect(await tables.count()).toBe(await page.getByTestId('report-chart').count())
    expect(await tables.first().locator('tbody tr').count()).toBeGreaterThan(1)
    expect(await page.locator('[data-testid=report-chart] [role=img][aria-label]').count()).toBe(await tables.count())
    await axe()
  })

  it('offline: a legacy report charts disclosure by category and applications by channel', async () => {
    await page.goto(`${server.url}/reports`)
    await page.fill('input[name=q]', '道外区')
    await expect.poll(() => page.getByTestId('report-card').count(), { timeout: 20_000 }).toBe(1)
    await page.getByTestId('report-card').locator('a').tap()
    await expect.poll(() => page.locator('[data-testid=report-chart] svg').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(1)
    expect(await page.getByTestId('chart-table').count()).toBe(await page.getByTestId('report-chart').count())
    expect(requested.some(u => /echarts/i.test(u))).toBe(true)

    // A report whose own figures disagree says so, plainly, above the text.
    await page.goto(`${server.url}/reports`)
    await page.fill('input[name=q]', '沈阳')
    await expect.poll(() => page.getByTestId('report-card').count(), { timeout: 20_000 }).toBe(1)
    await page.getByTestId('report-card').locator('a').tap()
    await expect.poll(() => page.getByTestId('report-problems').textContent(), { timeout: 20_000 }).toContain('报告中分项之和与总数不一致')
  })

  it('offline: the outline jumps to a section', async () => {
    await page.goto(`${server.url}/reports/${ids[0]}`)
    const item = page.getByTestId('report-outline').locator('button').nth(2)
    await item.tap()
    await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? '')).toMatch(/^report-at-\d+$/)

    // The 大/中/小 switch (html[data-font]) scales the text; print hides the controls, keeps text and data tables.
    const size = () => page.getByTestId('report-text').evaluate(el => Number.parseFloat(getComputedStyle(el).fontSize))
    const medium = await size()
    await page.evaluate(() => {
      document.documentElement.dataset.font = 'large'
    })
    expect(await size()).toBeGreaterThan(medium)
    await page.evaluate(() => {
      delete document.documentElement.dataset.font
    })
    await page.emulateMedia({ media: 'print' })
    expect(await page.getByTestId('report-outline').isVisible()).toBe(false)
    expect(await page.getByTestId('report-text').isVisible()).toBe(true)
    expect(await page.getByTestId('chart-table').first().isVisible()).toBe(true)
    await page.emulateMedia({ media: 'screen' })
  })

  it('offline: compares two reports side by side, with the agency\'s trend', async () => {
    await page.goto(`${server.url}/reports`)
    await page.fill('input[name=q]', '江城')
    await expect.poll(() => page.getByTestId('report-card').count(), { timeout: 20_000 }).toBe(2)
    for (const box of await page.locator('input[name=compare]').all())
      await box.check()
    await page.getByTestId('compare-go').tap()
    await page.waitForURL(/\/reports\/compare\?ids=/)
    const table = page.getByTestId('compare-table')
    await expect.poll(() => table.locator('thead th').count(), { timeout: 20_000 }).toBe(3)
    const row = table.locator('tbody tr').filter({ hasText: '主动公开政府信息' })
    expect(await row.locator('td').allTextContents()).toEqual(['1,268条', '1,268条'])
    await expect.poll(() => page.locator('[data-testid=compare-trend] svg').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(1)
    expect(await page.locator('[data-testid=compare-trend] [data-testid=chart-table] tbody tr').count()).toBe(2)
    await axe()
    expect(await pwned()).toBeNull()
  })
})
