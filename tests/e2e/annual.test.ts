/**
 * Annual report drafting end to end, in Chromium against the production server: an agency with
 * cases, a catalog entry and an appeal in the year; a supervisor generates the draft in the
 * browser, writes section 五, sees the check pass and publishes. The published report's requests
 * table equals the statistics page's, its text reimported by the project's importer gives the same
 * figures, and a citizen who visited once reads it with the network cut.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { TestServer } from './server'
import AxeBuilder from '@axe-core/playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importReport } from '~/shared/importer'
import { makeSubmission } from '../support/applications'
import { launchChromium } from './chromium'
import { startServer } from './server'
import { createStaffUser, signInStaff, staffHeaders } from './staff-helpers'

const SUP = { username: 'annual-sup', password: 'e2e-supervisor-password-1' }
const ADM = { username: 'annual-adm', password: 'e2e-admin-password-1' }
const AGENCY = { id: 'e2e-annual-ju', name: '某县市场监督管理局' }
const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4))
const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)

describe('annual report drafting', () => {
  let server: TestServer
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let reportId = ''

  async function api(user: typeof SUP, method: string, path: string, body?: object): Promise<unknown> {
    const res = await fetch(`${server.url}${path}`, { method, headers: { ...await staffHeaders(server.url, user), ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined })
    if (res.status >= 300)
      throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
    return res.json()
  }

  async function axe(): Promise<void> {
    const res = await new AxeBuilder({ page: page as never }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze()
    expect(res.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([])
  }

  beforeAll(async () => {
    server = await startServer()
    await server.stop()
    await createStaffUser(server.dataDir, { ...SUP, role: 'supervisor' })
    await createStaffUser(server.dataDir, { ...ADM, role: 'admin' })
    await server.start()

    // The agency, its catalog (one normative document), two cases and a reconsideration.
    await api(ADM, 'PUT', `/api/admin/catalog/agencies/${AGENCY.id}`, { name: AGENCY.name, orgCode: 'SJ001' })
    await api(ADM, 'PUT', '/api/admin/catalog/categories/e2e-annual-norm', { agencyId: AGENCY.id, parentId: null, name: '行政规范性文件', order: 0 })
    await api(ADM, 'POST', '/api/admin/catalog/entries', { agencyId: AGENCY.id, categoryId: 'e2e-annual-norm', indexNo: `SJ001/${year}-00001`, title: '关于规范市场主体登记的通知', createdAt: `${year}-01-02`, publishedAt: `${year}-01-03`, docNo: null, disclosure: '主动公开', summary: '概述', body: '正文', attachments: [] })
    const key = await (await fetch(`${server.url}/api/keys/applications`)).json()
    for (const outcome of ['granted', null]) {
      const sub = await makeSubmission(key)
      const res = await fetch(`${server.url}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sub) })
      expect(res.status).toBeLessThan(300)
      await api(SUP, 'POST', `/api/staff/applications/${sub.id}/actions`, { type: 'register', channel: 'online', agency: AGENCY.name })
      if (outcome)
        await api(SUP, 'POST', `/api/staff/applications/${sub.id}/actions`, { type: 'answer', outcome, letter: '答复' })
    }
    await api(SUP, 'POST', '/api/staff/appeals', { agency: AGENCY.name, kind: 'reconsideration', filedDate: today, result: null, concludedDate: null })

    browser = await launchChromium()
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } })
    page = await context.newPage()
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  it('a supervisor generates the draft, writes section 五, and publishes it once the check passes', async () => {
    await page.goto(`${server.url}/staff/annual`)
    await signInStaff(page, server.url, SUP)
    if (!new URL(page.url()).pathname.startsWith('/staff/annual'))
      await page.goto(`${server.url}/staff/annual`)
    await page.fill('input[name=year]', String(year))
    const row = page.locator(`tr[data-agency="${AGENCY.id}"]`)
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('尚未开始')
    await axe()
    await row.getByRole('button').click()
    await page.waitForURL(/\/staff\/annual\/ad-[0-9a-f]{16}$/, { timeout: 20_000 })
    await expect.poll(() => page.getByTestId('annual-check-ok').count(), { timeout: 15_000 }).toBe(1)
    expect(await page.locator('textarea[name=overview]').inputValue()).toContain('全年新收政府信息公开申请2件')

    // A number in the prose that contradicts the table blocks publishing, and says why.
    await page.fill('textarea[name=problems]', '本年度共收到政府信息公开申请9件。')
    await page.getByRole('button', { name: '保存修改' }).click()
    await expect.poll(() => page.getByTestId('annual-failures').textContent(), { timeout: 15_000 }).toContain('本年度共收到政府信息公开申请9件')
    expect(await page.getByTestId('annual-publish').isDisabled()).toBe(true)

    await page.fill('textarea[name=problems]', '答复文书的说理还不够充分，明年将组织专题培训。')
    await page.getByRole('button', { name: '保存修改' }).click()
    await expect.poll(() => page.getByTestId('annual-check-ok').count(), { timeout: 15_000 }).toBe(1)
    // The preview is the citizens' page: choosing a figure lists the records behind it.
    await page.locator('.report-figures__item[data-key="requests.total"]').click()
    await expect.poll(() => page.getByTestId('annual-sources').locator('li').count(), { timeout: 10_000 }).toBe(2)
    await axe()
    await page.getByTestId('annual-publish').click()
    await expect.poll(() => page.getByTestId('annual-published').count(), { timeout: 20_000 }).toBe(1)

    const overview = await api(SUP, 'GET', `/api/staff/annual/overview?year=${year}`) as { agencies: { agencyId: string, reportId: string | null, onTime: boolean }[] }
    const mine = overview.agencies.find(a => a.agencyId === AGENCY.id)!
    expect(mine.onTime).toBe(true)
    reportId = mine.reportId!
  }, 120_000)

  it('its requests table equals the statistics page\'s, and its text reimports to the same figures', async () => {
    const report = await (await fetch(`${server.url}/api/reports/${reportId}`)).json() as { body: string, figures: Record<string, { value: number }>, problems: unknown[] }
    expect(report.problems).toEqual([])
    const stats = await api(SUP, 'GET', `/api/staff/statistics?year=${year}&agency=${encodeURIComponent(AGENCY.name)}`) as { figures: Record<string, number> }
    for (const [key, value] of Object.entries(stats.figures))
      expect(report.figures[key]?.value, key).toBe(value)
    const again = importReport(report.body)
    expect(again.problems).toEqual([])
    expect(Object.fromEntries(Object.entries(again.figures).map(([k, f]) => [k, f.value]))).toEqual(Object.fromEntries(Object.entries(report.figures).map(([k, f]) => [k, f.value])))
  })

  it('a citizen who visited once reads it offline', async () => {
    const citizen = await context.newPage()
    await citizen.goto(`${server.url}/reports`)
    await expect.poll(() => citizen.getByTestId('report-card').filter({ hasText: AGENCY.name }).count(), { timeout: 30_000 }).toBe(1)
    await citizen.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    await citizen.reload()
    await expect.poll(() => citizen.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 20_000 }).toBe(true)
    await server.stop()
    await context.setOffline(true)
    await citizen.goto(`${server.url}/reports/${reportId}`)
    await expect.poll(() => citizen.getByTestId('report-title').textContent(), { timeout: 20_000 }).toBe(`${AGENCY.name}${year}年政府信息公开工作年度报告`)
    expect(await citizen.locator('.report-text').textContent()).toContain('明年将组织专题培训')
    await citizen.locator('.report-figures__item[data-key="requests.total"]').click()
    await expect.poll(() => citizen.locator('.report-text mark.is-active').textContent()).toMatch(/^2件?$/)
  }, 90_000)
})
