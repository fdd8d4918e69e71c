/**
 * A refused case step, in Chromium: the reviewer sees why beside the button pressed (not at the top
 * of the page), in plain words from the refusal's reason code, announced as an alert; focus goes to
 * the field the server named (marked invalid, described by the message); what was typed stays.
 * A step refused because the case moved on meanwhile (409) reloads the case, so the page then
 * offers only what the workflow allows now. And the case page fits a phone.
 */
import type { Browser, Page } from 'playwright-core'
import type { TestServer } from './server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeSubmission } from '../support/applications'
import { launchChromium } from './chromium'
import { startServer } from './server'
import { demoPassword, signInStaff, staffHeaders } from './staff-helpers'

describe('case steps: a refusal at the button', () => {
  let server: TestServer
  let browser: Browser
  let page: Page
  let password: string

  beforeAll(async () => {
    server = await startServer({ env: { STAFF_DEMO: '1' } })
    password = await demoPassword(server)
    browser = await launchChromium()
    page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 } })).newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  async function submitted(): Promise<string> {
    const key = await (await fetch(`${server.url}/api/keys/applications`)).json()
    const sub = await makeSubmission(key)
    const res = await fetch(`${server.url}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sub) })
    expect(res.status).toBeLessThan(300)
    return sub.id
  }
  const stepError = () => page.getByTestId('step-error')
  const options = () => page.locator('select[name=action] option').evaluateAll(os => os.map(o => (o as HTMLOptionElement).value))
  /** The step error sits right after the submit button: nothing but it between them. */
  const besideSubmit = () => page.evaluate(() => {
    const form = document.querySelector('form.review-actions')
    const err = document.querySelector('[data-testid=step-error]')
    return !!form && !!err && form.nextElementSibling === err && form.lastElementChild?.getAttribute('name') === 'submit-action'
  })

  it('names the refused field, focuses it and keeps the note typed', async () => {
    const id = await submitted()
    await page.goto(`${server.url}/staff/cases/${id}`)
    await signInStaff(page, server.url, { username: 'demo', password })
    await page.goto(`${server.url}/staff/cases/${id}`)
    await expect.poll(options, { timeout: 15_000 }).toEqual(['register'])

    // A date after today: the server refuses the step (400, field `at`).
    await page.fill('input[name=note]', '窗口补录，原件已存档')
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)
    await page.fill('input[name=at]', tomorrow)
    await page.click('button[name=submit-action]')

    await expect.poll(() => stepError().count(), { timeout: 10_000 }).toBe(1)
    expect(await stepError().getAttribute('role')).toBe('alert')
    expect(await stepError().textContent()).toContain('日期不能晚于今天')
    expect(await besideSubmit()).toBe(true)
    // Said once, there: not (also) at the top of the page.
    expect(await page.locator('[role=alert]').count()).toBe(1)
    const at = page.locator('input[name=at]')
    await expect.poll(() => at.evaluate(el => el === document.activeElement)).toBe(true)
    expect(await at.getAttribute('aria-invalid')).toBe('true')
    expect(await at.getAttribute('aria-describedby')).toBe(await stepError().getAttribute('id'))
    expect(await page.inputValue('input[name=note]')).toBe('窗口补录，原件已存档')

    // Corrected, it goes through and the message goes away.
    await page.fill('input[name=at]', '')
    await page.click('button[name=submit-action]')
    await expect.poll(options).toContain('answer')
    expect(await stepError().count()).toBe(0)
    expect(await options()).not.toContain('register')
    // Recorded: the next step starts with an empty note, not the last one's.
    expect(await page.inputValue('input[name=note]')).toBe('')
  })

  it('a step the case has moved past is explained beside the button and the offered steps are reloaded', async () => {
    const id = await submitted()
    await page.goto(`${server.url}/staff/cases/${id}`)
    await expect.poll(options, { timeout: 15_000 }).toEqual(['register'])
    await page.fill('input[name=note]', '已核对')

    // Meanwhile another desk registers it.
    const headers = await staffHeaders(server.url, { username: 'demo', password })
    const res = await fetch(`${server.url}/api/staff/applications/${id}/actions`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'register', channel: 'online' }) })
    expect(res.status).toBe(200)

    await page.click('button[name=submit-action]')
    await expect.poll(() => stepError().count(), { timeout: 10_000 }).toBe(1)
    expect(await stepError().textContent()).toContain('该申请已登记')
    expect(await besideSubmit()).toBe(true)
    // No field to blame: focus is on the message itself.
    await expect.poll(() => stepError().evaluate(el => el === document.activeElement)).toBe(true)
    await expect.poll(options).toContain('answer')
    expect(await options()).not.toContain('register')
    expect(await page.inputValue('input[name=note]')).toBe('已核对')
  })

  it('a refused attachment is explained under the file field, in words', async () => {
    const id = await submitted()
    await page.goto(`${server.url}/staff/cases/${id}`)
    await page.getByTestId('case-files-input').waitFor({ timeout: 15_000 })
    // A web page named .pdf: the server sniffs the bytes and refuses it.
    await page.getByTestId('case-files-input').setInputFiles({ name: '公开信息.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<!doctype html><script>alert(1)</script>') })
    const problem = page.getByTestId('case-files-problem')
    await expect.poll(() => problem.count(), { timeout: 10_000 }).toBe(1)
    expect(await problem.getAttribute('role')).toBe('alert')
    expect(await problem.textContent()).toMatch(/[\u4E00-\u9FFF]/)
    expect(await problem.textContent()).not.toMatch(/[a-z]+[A-Z_]/)
    // Right under the field, not at the top of the panel.
    expect(await page.getByTestId('case-files').locator('p[role=alert]').count()).toBe(1)
    expect(await page.evaluate(() => {
      const input = document.querySelector('[data-testid=case-files-input]')!
      const p = document.querySelector('[data-testid=case-files-problem]')!
      return input.parentElement!.nextElementSibling === p
    })).toBe(true)
    expect(await page.getByTestId('case-answer-file').count()).toBe(0)
  })

  it('fits a phone in English: no sideways scrolling (a long 索引号 wraps), full-size reason field', async () => {
    const id = await submitted()
    const en = await browser.newContext({ locale: 'en', viewport: { width: 390, height: 844 }, hasTouch: true })
    await en.addInitScript(() => localStorage.setItem('gongkai.locale', 'en'))
    const phone = await en.newPage()
    await signInStaff(phone, server.url, { username: 'demo', password })
    await phone.goto(`${server.url}/staff/cases/${id}`)
    await phone.getByTestId('case-request').waitFor({ timeout: 15_000 })
    expect(await phone.getByTestId('case-catalog-refs').textContent()).toContain('11320000014000XXXX/2024-00123')
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    expect((await phone.locator('input[name=revealReason]').boundingBox())!.height).toBeGreaterThanOrEqual(44)
    await en.close()
  })
})
