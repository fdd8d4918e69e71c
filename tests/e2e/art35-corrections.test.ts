/**
 * Correction requests (条例 Art. 41) end to end, in real Chromium against the built app: a citizen
 * finds the form from the tracking page, sends a request to an agency of the directory and opens its
 * status; a reviewer sees it in the queue marked 更正申请, answers it, and the letter citing Art. 41
 * is on the page; the statistics page counts it in its own table. 我的申请 lists the request the
 * device sent and links to its status. And Art. 35 on the case page: the
 * reviewer asks for reasons, sets a longer period, and the citizen's tracking page shows the new
 * date with the reason in plain words. No raw keys, axe clean.
 */
import type { Browser, Page } from 'playwright-core'
import type { TestServer } from './server'
import AxeBuilder from '@axe-core/playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays } from '~/shared/calendar'
import { makeSubmission, SAMPLE_PERSONAL } from '../support/applications'
import { launchChromium } from './chromium'
import { startServer } from './server'
import { createStaffUser, signInStaff, staffHeaders } from './staff-helpers'

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

describe('correction requests (Art. 41) and longer periods (Art. 35)', () => {
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
    // 我的申请 lists it (remembered on this device), and its link opens the status page again.
    const code = (await page.getByTestId('correction-status').locator('strong').textContent())!.trim()
    await page.goto(`${server.url}/track`)
    const mine = page.getByTestId('my-correction')
    await mine.first().waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('my-corrections').locator('h3').textContent()).toContain('更正申请')
    expect(await mine.first().textContent()).toContain(code)
    expect(await mine.first().getByTestId('my-correction-state').textContent()).toContain('已收到')
    expect(await rawTokens(page)).toEqual([])
    expect(await axe(page)).toEqual([])
    await mine.first().locator('a').click()
    await page.getByTestId('correction-status').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('correction-status').textContent()).toContain(code)
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
    // The citizen's 我的申请 (same browser) fetches the new status: answered, corrected.
    await page.goto(`${server.url}/track`)
    await expect.poll(() => page.getByTestId('my-correction-state').first().textContent(), { timeout: 20_000 }).toContain('已予更正')
  })

  it('art. 35: the reviewer asks for reasons and sets a longer period; the tracking page shows the new date and why', async () => {
    const key = await (await fetch(`${server.url}/api/keys/applications`)).json()
    const sub = await makeSubmission(key)
    const made = await fetch(`${server.url}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sub) })
    expect(made.status).toBe(201)
    const { trackingCode } = await made.json() as { trackingCode: string }
    const rev = await staffHeaders(server.url, { username: 'rev', password: PASSWORD })
    const reg = await fetch(`${server.url}/api/staff/applications/${sub.id}/actions`, { method: 'POST', headers: { ...rev, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'register', channel: 'online' }) })
    expect(reg.status).toBe(200)
    const { clock } = await reg.json() as { clock: { dueDate: string } }

    await page.goto(`${server.url}/staff/cases/${sub.id}`)
    await page.getByTestId('clock').waitFor({ timeout: 20_000 })
    await page.selectOption('select[name=action]', 'requireReasons')
    await page.fill('textarea[name=reasonsText]', '请说明申请公开这些信息的用途')
    await page.click('button[name=submit-action]')
    await page.getByTestId('sent-reasons').waitFor({ timeout: 20_000 })
    const later = addDays(clock.dueDate, 40)
    await page.selectOption('select[name=action]', 'setReasonablePeriod')
    await page.fill('input[name=reasonableDueDate]', later)
    await page.fill('input[name=reasonableReason]', '需逐件检索近十年档案')
    await page.click('button[name=submit-action]')
    await page.getByTestId('clock-art35').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('clock').textContent()).toContain(later)
    expect(await page.getByTestId('sent-period').textContent()).toContain('需逐件检索近十年档案')
    expect(await rawTokens(page)).toEqual([])

    await page.goto(`${server.url}/track`)
    await page.getByTestId('track-code').fill(trackingCode)
    await page.getByTestId('track-phone4').fill(SAMPLE_PERSONAL.phone.slice(-4))
    await page.getByTestId('track-submit').click()
    await page.getByTestId('track-history').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('track-due').textContent()).toContain(later)
    const history = await page.getByTestId('track-history').textContent()
    expect(history).toContain('请说明申请理由')
    expect(history).toContain('第三十五条')
    expect(history).toContain('需逐件检索近十年档案')
    expect(await rawTokens(page)).toEqual([])
  })
})
