/**
 * Staff review end to end, in Chromium against the production server: a reviewer (the demo account
 * STAFF_DEMO=1 prints once) signs in, an application synced by a device appears in the queue without
 * a reload, and is registered, sent for 补正, amended and answered 部分公开; the applicant's tracking
 * endpoint shows each step and the statistics page counts it in the 部分公开 × 自然人 cell.
 */
import type { Browser, Page } from 'playwright-core'
import type { TestServer } from './server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeSubmission } from '../support/applications'
import { launchChromium } from './chromium'
import { startServer } from './server'
import { demoPassword, signInStaff } from './staff-helpers'

describe('staff review', () => {
  let server: TestServer
  let browser: Browser
  let page: Page
  let password: string

  beforeAll(async () => {
    server = await startServer({ env: { STAFF_DEMO: '1' } })
    password = await demoPassword(server)
    browser = await launchChromium()
    // A tablet in landscape: the queue must work there as well as on a desktop.
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1024, height: 768 } })
    page = await context.newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  const status = () => page.getByTestId('clock').locator('strong').first().textContent()
  async function act(type: string, fill: Record<string, string> = {}) {
    await page.selectOption('select[name=action]', type)
    for (const [name, value] of Object.entries(fill)) {
      const el = page.locator(`[name=${name}]`)
      if (await el.evaluate(e => e.tagName) === 'SELECT')
        await el.selectOption(value)
      else
        await el.fill(value)
    }
    await page.click('button[name=submit-action]')
  }

  it('signs in, watches an application arrive live, and works it to an answer the applicant can follow', async () => {
    await page.goto(`${server.url}/staff`)
    await page.waitForURL(/\/staff\/sign-in/)
    await signInStaff(page, server.url, { username: 'demo', password })
    expect(new URL(page.url()).pathname).toBe('/staff')
    await expect.poll(() => page.locator('.review-live').count(), { timeout: 15_000 }).toBe(1)

    // A device syncs its outbox: the same sealed submission a phone would send.
    const key = await (await fetch(`${server.url}/api/keys/applications`)).json()
    const sub = await makeSubmission(key)
    const res = await fetch(`${server.url}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sub) })
    expect(res.status).toBeLessThan(300)
    const receipt = await res.json() as { trackingCode: string, statusToken: string }

    const row = page.locator(`tr[data-id="${sub.id}"]`)
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1)
    expect(await row.textContent()).toContain('待登记')
    expect(await row.textContent()).not.toContain('张三')
    // The agency filter offers the directory by id and, apart, the name on this case with no agency id.
    const agencyFilter = page.locator('select[name=agency]')
    const values = await agencyFilter.locator('option').evaluateAll(os => os.map(o => (o as HTMLOptionElement).value))
    expect(values.some(v => v.startsWith('id:'))).toBe(true)
    const byName = values.find(v => v.startsWith('name:'))!
    expect(await agencyFilter.locator(`option[value="${byName}"]`).textContent()).toContain('按名称登记')
    await agencyFilter.selectOption(byName)
    await expect.poll(() => page.locator('tr[data-id]').count()).toBe(1)
    await agencyFilter.selectOption('')

    await row.getByRole('link').click()
    await page.waitForURL(/\/staff\/cases\//)
    await expect.poll(status, { timeout: 10_000 }).toBe('待登记')
    await act('register')
    await expect.poll(status).toBe('办理中')
    await act('requestAmendment', { items: '请写明项目名称和年份' })
    await expect.poll(status).toBe('待补正')
    await act('amendmentReceived')
    await expect.poll(status).toBe('办理中')
    // Choosing the outcome drafts the 告知书 from the template; staff edit it before answering.
    await page.selectOption('select[name=action]', 'answer')
    await page.selectOption('select[name=outcome]', 'partial')
    await expect.poll(() => page.locator('textarea[name=letter]').inputValue()).toContain('部分内容属于不予公开的范围')
    await page.locator('textarea[name=letter]').fill((await page.locator('textarea[name=letter]').inputValue()).replace('【请填写理由】', '涉及第三方商业秘密'))
    await page.click('button[name=submit-action]')
    await expect.poll(status).toBe('已答复')
    expect(await page.locator('.review-letter').textContent()).toContain('涉及第三方商业秘密')
    // The letter is drafted with the real name (an audited reveal) and prints alone, without the case page.
    expect(await page.locator('.review-letter').textContent()).toContain('张三：')
    await page.getByTestId('letter-print-view').click()
    await page.waitForURL(/\/letter$/)
    await expect.poll(() => page.getByTestId('letter').count()).toBe(1)
    expect(await page.getByTestId('letter').textContent()).toContain('第三十七条')
    expect(await page.locator('main').textContent()).not.toContain('请写明项目名称和年份')
    await page.goBack()

    const track = await (await fetch(`${server.url}/api/applications/track/${receipt.trackingCode}?token=${receipt.statusToken}`)).json() as { history: { status: string, outcome?: string }[] }
    expect(track.history.map(h => h.status)).toEqual(['submitted', 'received', 'registered', 'amendmentRequested', 'amendmentReceived', 'answered'])
    expect(track.history.at(-1)!.outcome).toBe('partial')
    expect(JSON.stringify(track)).not.toContain('demo')

    await page.goto(`${server.url}/staff/statistics`)
    const cell = page.locator('tr[data-row="partial"] td[data-col="natural"]')
    await expect.poll(() => cell.textContent(), { timeout: 10_000 }).toBe('1')
    expect(await page.locator('tr[data-row="received"] td[data-col="total"]').textContent()).toBe('1')
    expect(await page.getByTestId('check').textContent()).toContain('校验通过')
  })
})
