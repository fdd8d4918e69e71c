/**
 * No i18n key or internal code ever reaches a screen (issue 18). Chromium walks every citizen page
 * and state (each seed report with its figures, the compare table, the catalog, the form with its
 * errors, tracking asked for a code, a look-up whose history went through 补正 to a 部分公开 answer
 * with its downloads, a look-up waiting for 补正 with the answer form and its error)
 * and the staff pages (queue, a case with revealed personal data and its files, statistics, calendar, reports,
 * kiosks, the audit log) in zh-CN and in English, and fails on any visible text that looks like a
 * key (`track.statuses.x`), a camelCase identifier or a snake_case code. On the way it checks the
 * form's marks, the phone header and the report page's charts link, with axe on the pages changed.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { TestServer } from './server'
import AxeBuilder from '@axe-core/playwright'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { sealJson, toBase64Url, uuidv7 } from '~/shared/submission'
import { makeSubmission, SAMPLE_PERSONAL } from '../support/applications'
import { launchChromium } from './chromium'
import { fullWidthAfterEnglish, rawTokens } from './raw-tokens'
import { startServer } from './server'
import { createStaffUser, signInStaff, staffHeaders } from './staff-helpers'

const PASSWORD = 'Gk-e2e-no-raw-keys-2026!'
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000200a0d3b9d70000000049454e44ae426082', 'hex')
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')
const PHONE4 = SAMPLE_PERSONAL.phone.slice(-4)
const REPORTS = ['000_082e8fa0d6cdabd7', '001_c90ab1b8189ec696', '002_c007d34cebec33e3', '003_e8261f9189d0613a', '004_fae7fcf290bdd398']

async function axe(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return result.violations.map(v => `${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`)
}

describe('no raw keys or codes on screen', () => {
  let server: TestServer
  let browser: Browser
  const fixture = { caseId: '', trackingCode: '', newCode: '', amendCode: '' }

  beforeAll(async () => {
    server = await startServer({ startTimeoutMs: 180_000 })
    await server.stop()
    for (const [username, role] of [['rev', 'reviewer'], ['adm', 'admin']] as const)
      await createStaffUser(server.dataDir, { username, role, password: PASSWORD })
    await server.start()
    // One application worked through 补正 (the applicant's own, with a photo) to a 部分公开 answer
    // with a PDF: every status and an outcome in its history, a download list, both file panels.
    const key = await (await fetch(`${server.url}/api/keys/applications`)).json()
    const sub = await makeSubmission(key)
    const res = await fetch(`${server.url}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sub) })
    expect(res.status).toBe(201)
    fixture.caseId = sub.id
    fixture.trackingCode = (await res.json() as { trackingCode: string }).trackingCode
    const rev = await staffHeaders(server.url, { username: 'rev', password: PASSWORD })
    const post = async (path: string, body: unknown, headers: Record<string, string> = rev) => {
      const r = await fetch(`${server.url}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) })
      expect(r.status, await r.clone().text()).toBeLessThan(300)
    }
    const step = (id: string, action: object) => post(`/api/staff/applications/${id}/actions`, action)
    await step(sub.id, { type: 'register', channel: 'online' })
    await step(sub.id, { type: 'requestAmendment', items: '请写明所需文件的年份。' })
    const amendmentId = uuidv7()
    await post(`/api/applications/track/${fixture.trackingCode}/amendments`, { v: 1, id: amendmentId, phone4: PHONE4, sealed: await sealJson(key, { text: '所需文件为2024年度。', files: [{ name: '身份证明.png', data: toBase64Url(PNG) }] }, amendmentId) }, {})
    await post(`/api/staff/applications/${sub.id}/files`, { id: uuidv7(), name: '公开信息.pdf', data: PDF.toString('base64') })
    await step(sub.id, { type: 'answer', outcome: 'partial', letter: '经审查，部分公开。' })
    // One waiting for the applicant's 补正: the tracking page shows the request and the form.
    const asked = await makeSubmission(key)
    const made2 = await fetch(`${server.url}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(asked) })
    expect(made2.status).toBe(201)
    fixture.amendCode = (await made2.json() as { trackingCode: string }).trackingCode
    await step(asked.id, { type: 'register', channel: 'online' })
    await step(asked.id, { type: 'requestAmendment', items: '请补充项目所在街道的名称。' })
    // And one left new, so the reviewer's queue has a row.
    const fresh = await makeSubmission(key)
    const made = await fetch(`${server.url}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fresh) })
    expect(made.status).toBe(201)
    fixture.newCode = (await made.json() as { trackingCode: string }).trackingCode
    browser = await launchChromium()
  }, 300_000)
  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  for (const locale of ['zh-CN', 'en'] as const) {
    describe(locale, () => {
      let context: BrowserContext
      let page: Page
      let seen: string[] = []
      beforeAll(async () => {
        // A phone (390 × 844): the header must keep one row there.
        context = await browser.newContext({ locale, viewport: { width: 390, height: 844 }, hasTouch: true })
        await context.addInitScript(l => localStorage.setItem('gongkai.locale', l), locale)
        page = await context.newPage()
      })
      beforeEach(() => {
        seen = []
      })
      afterAll(() => context?.close())

      /** Opens a page, waits for `ready`, runs `act`, and records any raw token on screen. */
      async function visit(path: string, ready: string, act?: () => Promise<void>): Promise<void> {
        await page.goto(`${server.url}${path}`)
        await page.locator('main h1').first().waitFor({ timeout: 20_000 })
        await act?.()
        await page.locator(ready).first().waitFor({ timeout: 20_000 })
        for (const token of await rawTokens(page))
          seen.push(`${path}: ${token}`)
        if (locale === 'en') {
          for (const glued of await fullWidthAfterEnglish(page))
            seen.push(`${path}: Chinese punctuation in English "${glued}"`)
        }
      }

      it('citizen pages: home, every seed report and the compare table, catalog, agencies', async () => {
        await visit('/', '[data-testid=report-card]')
        await visit('/reports', '[data-testid=report-card]')
        for (const id of REPORTS)
          await visit(`/reports/${id}`, '[data-testid=report-title]')
        await visit(`/reports/compare?ids=${REPORTS.join(',')}`, 'main table')
        await visit('/catalog', '[data-testid=catalog-tree] summary')
        await visit('/catalog?q=jinshi', '[data-testid=catalog-hit]')
        await visit('/agencies', 'main a[href^="/agencies/"]')
        expect(seen).toEqual([])
      })

      it('the phone header is one row; size, contrast and language open from its menu', async () => {
        await page.goto(`${server.url}/`)
        await page.getByTestId('report-card').first().waitFor({ timeout: 20_000 })
        const header = await page.locator('header.gk-header').boundingBox()
        expect(header!.height).toBeLessThanOrEqual(80)
        await expect.poll(() => page.getByTestId('contrast').isVisible()).toBe(false)
        const menu = page.getByTestId('header-menu')
        expect((await menu.boundingBox())!.height).toBeGreaterThanOrEqual(44)
        await menu.click()
        expect(await menu.getAttribute('aria-expanded')).toBe('true')
        await page.getByTestId('contrast').waitFor()
        expect(await axe(page)).toEqual([])
        await page.keyboard.press('Escape')
        expect(await menu.getAttribute('aria-expanded')).toBe('false')
        await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('header-menu')
      })

      it('a report page reaches its charts from the top', async () => {
        // 001 and 003 have chart figures (channels, outcomes).
        await page.goto(`${server.url}/reports/${REPORTS[1]}`)
        await page.getByTestId('report-title').waitFor({ timeout: 20_000 })
        await page.getByTestId('outline-charts').waitFor()
        await page.getByTestId('to-charts').click()
        await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('report-charts-h')
        await expect.poll(async () => (await page.locator('#report-charts-h').boundingBox())!.y).toBeLessThan(844)
      })

      it('the form marks invalid fields (colour, icon, aria) and counts characters', async () => {
        await visit('/apply', '[data-testid=error-summary]', async () => {
          await page.getByTestId('apply-form').waitFor({ timeout: 20_000 })
          await page.getByTestId('input-description').fill('请公开')
          await page.getByTestId('submit').click()
        })
        // Three characters are too few (at least 5): the description is marked.
        const field = page.getByTestId('input-description')
        expect(await field.getAttribute('aria-invalid')).toBe('true')
        const describedBy = (await field.getAttribute('aria-describedby'))!.split(' ')
        const errId = describedBy.find(id => id.endsWith('-err'))!
        expect(await page.locator(`#${errId} .apply-field__error-icon`).textContent()).toBe('!')
        // The red border wins over the base rule (it had not).
        const border = await field.evaluate(el => getComputedStyle(el).borderTopColor)
        expect(border).toBe('rgb(183, 28, 28)')
        expect(await page.getByTestId('field-count').first().textContent()).toContain(locale === 'en' ? '3 of 2000' : '3 / 2000')
        expect(await axe(page)).toEqual([])
        expect(seen).toEqual([])
      })

      it('tracking: an empty code is asked for; the history of a worked case is in words', async () => {
        await visit('/track', '[data-testid=track-problem]', async () => {
          await page.getByTestId('track-submit').click()
        })
        expect(await page.getByTestId('track-problem').textContent()).toContain(locale === 'en' ? 'Enter the tracking code' : '请输入回执上的查询码')
        expect(await page.getByTestId('track-code').getAttribute('aria-invalid')).toBe('true')
        await visit('/track', '[data-testid=track-history]', async () => {
          await page.getByTestId('track-code').fill(fixture.trackingCode)
          await page.getByTestId('track-phone4').fill(SAMPLE_PERSONAL.phone.slice(-4))
          await page.getByTestId('track-submit').click()
        })
        const history = (await page.getByTestId('track-history').textContent())!
        expect(history).toContain(locale === 'en' ? 'Amendment received' : '已收到补正材料')
        expect(history).toContain(locale === 'en' ? 'Partly disclosed' : '部分公开')
        // The answer delivers: the PDF and the letter as downloads.
        await page.getByTestId('delivery-document').waitFor({ timeout: 10_000 })
        expect(await page.getByTestId('delivery-document').textContent()).toContain('公开信息.pdf')
        expect(await page.getByTestId('delivery-letter').count()).toBe(1)
        expect(await axe(page)).toEqual([])
        expect(seen).toEqual([])
      })

      it('tracking: a 补正 asked for shows the request and the form, and says what is missing', async () => {
        await visit('/track', '[data-testid=amendment-problem]', async () => {
          await page.getByTestId('track-code').fill(fixture.amendCode)
          await page.getByTestId('track-phone4').fill(PHONE4)
          await page.getByTestId('track-submit').click()
          await page.getByTestId('amendment-form').waitFor({ timeout: 10_000 })
          expect(await page.getByTestId('amendment-request').textContent()).toContain('请补充项目所在街道的名称。')
          await page.getByTestId('amendment-submit').click()
        })
        const text = page.getByTestId('amendment-text')
        expect(await text.getAttribute('aria-invalid')).toBe('true')
        // The form's fields stay inside its box on the phone; English has its own punctuation.
        const box = (await page.getByTestId('amendment').boundingBox())!
        for (const id of ['amendment-text', 'amendment-files', 'amendment-submit']) {
          const b = (await page.getByTestId(id).boundingBox())!
          expect(b.x + b.width, id).toBeLessThanOrEqual(box.x + box.width)
        }
        expect(await page.getByTestId('track-status').evaluate(el => el.parentElement!.textContent!.trim())).toMatch(locale === 'en' ? /^Status: \S/ : /^当前状态：\S/)
        expect((await text.getAttribute('aria-describedby'))!.split(' ')).toContain(await page.getByTestId('amendment-problem').getAttribute('id'))
        expect(await axe(page)).toEqual([])
        expect(seen).toEqual([])
      })

      it('tracking: a rate limit says how many seconds to wait', async () => {
        // Use up a code's look-ups for the minute from this address, as repeated taps would (the
        // other application's code: the worked one is looked up again in the next language).
        const url = `${server.url}/api/applications/track/${fixture.newCode}?phone4=${SAMPLE_PERSONAL.phone.slice(-4)}`
        await expect.poll(async () => (await fetch(url)).status, { timeout: 20_000, interval: 0 }).toBe(429)
        await visit('/track', '[data-testid=track-problem]', async () => {
          await page.getByTestId('track-code').fill(fixture.newCode)
          await page.getByTestId('track-phone4').fill(SAMPLE_PERSONAL.phone.slice(-4))
          await page.getByTestId('track-submit').click()
        })
        expect(await page.getByTestId('track-problem').textContent()).toMatch(locale === 'en' ? /try again in \d+ seconds/ : /请 \d+ 秒后再试/)
        expect(seen).toEqual([])
      })

      it('staff pages as a reviewer: queue, a case with personal data revealed, statistics, calendar, reports, annual drafts, agencies', async () => {
        await page.setViewportSize({ width: 1280, height: 900 })
        await page.goto(`${server.url}/staff/sign-in`)
        await signInStaff(page, server.url, { username: 'rev', password: PASSWORD })
        await visit('/staff', 'tr[data-id]')
        await visit(`/staff/cases/${fixture.caseId}`, 'main dl', async () => {
          await page.getByTestId('clock').waitFor({ timeout: 20_000 })
          await page.fill('input[name=revealReason]', '核对身份')
          await page.locator('form button[type=submit]').first().click()
        })
        // Everything the applicant chose and every text sent.
        expect(await page.getByTestId('case-delivery').textContent()).toContain(locale === 'en' ? 'Electronic · Online' : '电子 · 网上获取')
        expect(await page.getByTestId('case-catalog-refs').textContent()).toContain('老旧小区改造项目资金安排')
        expect(await page.getByTestId('sent-items').textContent()).toContain('请写明所需文件的年份。')
        // The files panel: the applicant's 补正 with its photo, the document disclosed with the answer.
        expect(await page.getByTestId('case-amendment').textContent()).toContain('所需文件为2024年度。')
        expect(await page.getByTestId('case-amendment-file').textContent()).toContain('身份证明.png')
        expect(await page.getByTestId('case-answer-file').textContent()).toContain('公开信息.pdf')
        expect(await axe(page)).toEqual([])
        await visit('/staff/statistics', '[data-testid=check]')
        await visit('/staff/calendar', 'main h1')
        await visit('/staff/reports', 'main h1')
        await visit('/staff/annual', 'main h1')
        await visit('/staff/agencies', 'main h1')
        expect(await axe(page)).toEqual([])
        expect(seen).toEqual([])
      })

      it('staff pages as an admin: the audit log in plain words, kiosks, the admin landing page, accounts and the agency directory', async () => {
        await page.context().clearCookies()
        await page.goto(`${server.url}/staff/sign-in`)
        await signInStaff(page, server.url, { username: 'adm', password: PASSWORD })
        await visit('/staff/audit', '[data-testid=audit-action]')
        const actions = await page.getByTestId('audit-action').allInnerTexts()
        expect(actions).toContain(locale === 'en' ? 'Viewed the applicant\'s full details' : '查看申请人完整信息')
        expect(actions).toContain(locale === 'en' ? 'Answered' : '答复')
        expect(await axe(page)).toEqual([])
        await visit('/staff/kiosks', 'main h1')
        // The admin's landing page and the accounts page (first run, staff scoped to agencies).
        await visit('/staff/admin', 'main h1')
        expect(await axe(page)).toEqual([])
        await visit('/staff/accounts', 'main h1')
        expect(await axe(page)).toEqual([])
        // The agency directory's admin page, with its form open (labels, hints, level names).
        await visit('/staff/admin/agencies', '[data-testid=agency-admin-list]', async () => {
          await page.getByTestId('agency-create').click()
        })
        expect(await axe(page)).toEqual([])
        expect(seen).toEqual([])
      })
    })
  }
})
