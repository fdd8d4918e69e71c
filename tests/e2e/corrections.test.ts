/**
 * Correction requests (条例 Art. 41) end to end, in real Chromium against the built app: a citizen
 * finds the form from the tracking page, sends a request to an agency of the directory and opens its
 * status; a reviewer sees it in the queue marked 更正申请, answers it, and the letter citing Art. 41
 * is on the page; the statistics page counts it in its own table. No raw keys, axe clean.
 */
import type { Browser, Page } from 'playwright-core'
import type { TestServer } from './server'
import AxeBuilder from '@axe-core/playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './chromium'
import { startServer } from './server'
import { createStaffUser, signInStaff } from './staff-helpers'

const PASSWORD = 'Gk-e2e-corrections-2026!'

async function axe(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return result.violations.map(v => `${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`)
}

/** Visible camelCase or dotted keys (the no-raw-keys walk's rule, in short). */
async function rawTokens(page: Page): Promise<string[]> {
  // eslint-disable-next-line unicorn/prefer-dom-node-text-content
  const text = await page.evaluate(() => document.body.innerText)
  return [...text.matchAll(/\b[a-z][a-zA-Z0-9]*(?:\.[a-zA-Z][a-zA-Z0-9]*)+\b|\b[a-z]+[A-Z][a-zA-Z]*\b|\b[a-z]+_[a-z_]+\b/g)].map(m => m[0]).filter(t => !/\.(?:cn|com)$/.test(t))
}

describe('correction requests (Art. 41)', () => {
  let server: TestServer
  let browser: Browser
  let page: Page
  beforeAll(async () => {
    server = await startServer({ startTimeoutMs: 180_000 })
    await server.stop()
    await createStaffUser(server.dataDir, { username: 'rev', role: 'reviewer', password: PASSWORD })
    await server.start()
    browser = await launchChromium()
    const context = await browser.newContext({ locale: 'zh-CN' })
    page = await context.newPage()
  }, 300_000)
  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  it('a citizen sends a correction request and opens its status', async () => {
    await page.goto(`${server.url}/track`)
    await page.getByTestId('correction-link').click()
    await page.locator('main h1').waitFor()
    // The directory arrives with the first sync: wait for the agency to be offered.
    await page.locator('select[name=agencyId]').selectOption('hn-jinshi', { timeout: 30_000 })
    await page.fill('textarea[name=record]', '2024年低保名单中本人的家庭人口数记为5人')
    await page.fill('textarea[name=correction]', '家庭人口数应为3人')
    await page.fill('input[name=name]', '张三')
    await page.fill('input[name=idNumber]', '11010519491231002X')
    // No contact yet: the server's refusal names the field in words.
    await page.click('form button[type=submit]')
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('联系电话')
    await page.fill('input[name=phone]', '13800138000')
    expect(await axe(page)).toEqual([])
    await page.click('form button[type=submit]')
    await page.getByTestId('correction-done').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('correction-done').textContent()).toContain('GK-')
    await page.getByTestId('correction-done').locator('a').click()
    await page.getByTestId('correction-status').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('correction-status').textContent()).toContain('已收到')
    expect(await rawTokens(page)).toEqual([])
  })

  it('a reviewer finds it marked 更正申请, answers it with a letter citing Art. 41, and the statistics count it', async () => {
    await signInStaff(page, server.url, { username: 'rev', password: PASSWORD })
    await page.goto(`${server.url}/staff`)
    const queue = page.getByTestId('corrections-queue')
    await queue.locator('li').first().waitFor({ timeout: 20_000 })
    expect(await queue.locator('li').first().textContent()).toContain('更正申请')
    await queue.locator('li a').first().click()
    await page.locator('select[name=outcome]').selectOption('corrected', { timeout: 20_000 })
    expect(await axe(page)).toEqual([])
    await page.click('form button[type=submit]')
    const letter = page.getByTestId('correction-letter')
    await letter.waitFor({ timeout: 20_000 })
    expect(await letter.textContent()).toContain('第四十一条')
    expect(await letter.textContent()).toContain('张三：')
    expect(await page.getByTestId('correction-outcome').textContent()).toContain('已予更正')
    expect(await rawTokens(page)).toEqual([])

    await page.goto(`${server.url}/staff/statistics`)
    const stats = page.getByTestId('corrections-statistics')
    await stats.locator('tbody td').first().waitFor({ timeout: 20_000 })
    expect(await stats.locator('tbody td').first().textContent()).toContain('1')
  })
})
