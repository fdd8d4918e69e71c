/**
 * The calendar as operated data, end to end (issue 17): a case whose due date falls in a year the
 * bundled official data does not cover shows 暂定 on the citizen's tracking page; an admin enters
 * that year's schedule on the staff calendar page; the same tracking page then shows the date firm.
 * The production server (PGlite), the real CLI for accounts, Chromium for both people.
 */
import type { Browser, Page } from 'playwright-core'
import type { TestServer } from './server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chinaDate, defaultWorkCalendar, yearOf } from '~/shared/calendar'
import { makeSubmission, SAMPLE_PERSONAL } from '../support/applications'
import { launchChromium } from './chromium'
import { startServer } from './server'
import { createStaffUser, staffHeaders } from './staff-helpers'

const PASSWORD = 'a long test password'

describe('working calendar', () => {
  let server: TestServer
  let browser: Browser
  let citizen: Page
  let admin: Page

  beforeAll(async () => {
    server = await startServer()
    await server.stop()
    for (const [username, role] of [['rev', 'reviewer'], ['sup', 'supervisor'], ['adm', 'admin']] as const)
      await createStaffUser(server.dataDir, { username, role, password: PASSWORD })
    await server.start()
    browser = await launchChromium()
    citizen = await (await browser.newContext({ locale: 'zh-CN' })).newPage()
    admin = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1024, height: 768 } })).newPage()
  }, 180_000)
  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  async function lookUp(code: string): Promise<{ due: string, provisional: boolean }> {
    await citizen.goto(`${server.url}/track`)
    await citizen.getByTestId('track-code').fill(code)
    await citizen.getByTestId('track-phone4').fill(SAMPLE_PERSONAL.phone.slice(-4))
    await citizen.getByTestId('track-submit').click()
    const due = citizen.getByTestId('track-due')
    await due.waitFor({ timeout: 15_000 })
    return { due: (await due.textContent())!.trim(), provisional: await citizen.getByTestId('track-provisional').count() > 0 }
  }

  it('a case due in a year without a published schedule turns from 暂定 to firm once an admin enters it', async () => {
    // A device's submission, registered today and extended by the full 20 working days (Art. 33):
    // from December 2026 on, the answer is due in a year the bundled data (to 2026) does not cover.
    const key = await (await fetch(`${server.url}/api/keys/applications`)).json()
    const sub = await makeSubmission(key)
    const res = await fetch(`${server.url}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sub) })
    expect(res.status).toBe(201)
    const { trackingCode } = await res.json() as { trackingCode: string }
    const rev = await staffHeaders(server.url, { username: 'rev', password: PASSWORD })
    const sup = await staffHeaders(server.url, { username: 'sup', password: PASSWORD })
    const act = async (h: Record<string, string>, body: object) => {
      const r = await fetch(`${server.url}/api/staff/applications/${sub.id}/actions`, { method: 'POST', headers: { ...h, 'content-type': 'application/json' }, body: JSON.stringify(body) })
      expect(r.status, await r.clone().text()).toBe(200)
    }
    await act(rev, { type: 'register', channel: 'online' })
    await act(rev, { type: 'requestExtension', workingDays: 20, reason: '需调取多年档案' })
    await act(sup, { type: 'decideExtension', approve: true })

    const before = await lookUp(trackingCode)
    expect(before.provisional).toBe(true)
    expect(await citizen.getByTestId('track-dates').textContent()).toContain('暂定')

    // The admin enters every uncovered year up to the due date on the calendar page: the form's
    // pre-fill (statutory holidays) stands in for the State Council's notice, which a test cannot know.
    await admin.goto(`${server.url}/staff/sign-in?next=/staff/calendar`)
    await admin.fill('input[name=username]', 'adm')
    await admin.fill('input[name=password]', PASSWORD)
    await admin.click('button[type=submit]')
    await admin.waitForURL(/\/staff/)
    await admin.goto(`${server.url}/staff/calendar`)
    const covered = defaultWorkCalendar()
    for (let y = yearOf(chinaDate(Date.now())); y <= yearOf(before.due); y++) {
      if (covered.covers(`${y}-06-01`))
        continue
      await admin.getByTestId('calendar-year').fill(String(y))
      await admin.getByRole('button', { name: '按放假办法预填法定节假日' }).click()
      expect(await admin.getByTestId('calendar-text').inputValue()).toContain(`${y}-01-01,休,元旦`)
      await admin.getByTestId('calendar-source').fill(`e2e ${y}（测试数据，非官方）`)
      await admin.getByTestId('calendar-submit').click()
      await expect.poll(() => admin.getByTestId('calendar-done').textContent(), { timeout: 15_000 }).toContain(`${y}年放假安排已录入（第1版）`)
      await expect.poll(() => admin.getByTestId('calendar-loaded').filter({ hasText: `e2e ${y}` }).count()).toBe(1)
    }

    const after = await lookUp(trackingCode)
    expect(after.provisional).toBe(false)
    expect(await citizen.getByTestId('track-dates').textContent()).not.toContain('暂定')
    // The statutory days were already skipped while provisional: with no bridging days entered, the date stands.
    expect(after.due).toBe(before.due)
  })
})
