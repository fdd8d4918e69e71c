/**
 * Agencies in Chromium (issue 14, first part): the directory arrives with the catalog; with the
 * network cut, a report leads to its agency's page (contact, guide, reports), the directory finds an
 * agency by pinyin initials, and 向本机关申请公开 opens the form addressed to it; the receipt names it.
 * The multi-agency staff scenario of the issue (scoped reviewers, referral, platform role) is still
 * to come (docs/agencies.md).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { TestServer } from './server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './chromium'
import { countRows } from './kiosk-helpers'
import { startServer } from './server'

describe('agencies in the browser', () => {
  let server: TestServer
  let browser: Browser
  let context: BrowserContext
  let page: Page

  beforeAll(async () => {
    server = await startServer()
    browser = await launchChromium()
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 412, height: 900 } })
    page = await context.newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  it('the directory syncs with the catalog on a first visit', async () => {
    await page.goto(server.url)
    await page.evaluate(() => navigator.serviceWorker.ready)
    await page.reload()
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 20_000 }).toBe(true)
    await expect.poll(() => countRows(page, 'catalogAgencies'), { timeout: 30_000 }).toBeGreaterThanOrEqual(11)
    await expect.poll(() => countRows(page, 'reports'), { timeout: 30_000 }).toBeGreaterThanOrEqual(5)
  })

  it('offline, a report leads to its agency: contact, guide and its reports', async () => {
    await context.setOffline(true)
    await page.goto(`${server.url}/reports/002_c007d34cebec33e3`)
    await page.getByTestId('report-agency').click()
    await page.getByTestId('agency-name').waitFor()
    expect(await page.getByTestId('agency-name').textContent()).toContain('重庆市万盛经开区')
    expect(await page.getByTestId('agency-officePhone').textContent()).toContain('85276112')
    const guide = await page.getByTestId('agency-guide').textContent()
    expect(guide).toContain('20个工作日')
    expect(guide).toContain('万盛经开区政府信息公开办公室')
    expect(await page.getByTestId('report-list').textContent()).toContain('2017')
  })

  it('offline, the directory finds an agency by pinyin initials', async () => {
    await page.goto(`${server.url}/agencies`)
    await page.getByTestId('agency-search').fill('jssrmzf')
    await expect.poll(() => page.getByTestId('agency-count').textContent()).toContain('1')
    await page.getByTestId('agency-hn-jinshi').click()
    await page.getByTestId('agency-name').waitFor()
    expect(page.url()).toContain('/agencies/hn-jinshi')
  })

  it('向本机关申请公开 addresses the form to the agency, and the receipt names it', async () => {
    await page.getByTestId('agency-apply').click()
    await page.getByTestId('apply-form').waitFor()
    expect(await page.getByTestId('input-agency').inputValue()).toBe('hn-jinshi')
    expect(await page.getByTestId('agency-chosen').textContent()).toContain('津市市人民政府')
    await page.getByTestId('input-name').fill('王小明')
    await page.getByTestId('input-idNumber').fill('11010519491231002X')
    await page.getByTestId('input-phone').fill('13912345678')
    await page.getByTestId('input-description').fill('请公开津市市2012年政府信息公开申请的办理情况。')
    await page.getByTestId('submit').click()
    await page.getByTestId('receipt').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('receipt-agency').textContent()).toContain('津市市人民政府')
  })

  it('without a chosen agency the form says so next to the field', async () => {
    await page.goto(`${server.url}/apply`)
    await page.getByTestId('apply-form').waitFor()
    await page.getByTestId('submit').click()
    await expect.poll(() => page.locator('[data-field="general.agencyId"] [data-testid="field-error"]').textContent()).toContain('受理机关')
  })
})
