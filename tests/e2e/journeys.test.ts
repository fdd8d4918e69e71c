/**
 * After the receipt (issue 18), on a phone in Chromium against the production server: the citizen
 * looks an application up, goes offline and answers the agency's 补正 with a photo; back online it
 * syncs exactly once, the reviewer sees the 补正材料 and the clock running again; the reviewer
 * answers 部分公开 with a PDF; the citizen downloads the PDF and the 告知书 from the tracking page.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { TestServer } from './server'
import type { CaseFilesResponse } from '~/shared/files'
import type { CaseDetail } from '~/shared/review/api'
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeSubmission } from '../support/applications'
import { launchChromium, newDevice } from './chromium'
import { startServer } from './server'
import { demoPassword, signInStaff, staffHeaders } from './staff-helpers'

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000200a0d3b9d70000000049454e44ae426082', 'hex')
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')

describe('journeys after the receipt', () => {
  let server: TestServer
  let browser: Browser
  let phone: BrowserContext
  let page: Page
  let headers: Record<string, string>
  let password: string

  beforeAll(async () => {
    server = await startServer({ env: { STAFF_DEMO: '1' } })
    password = await demoPassword(server)
    headers = await staffHeaders(server.url, { username: 'demo', password })
    browser = await launchChromium()
    phone = await newDevice(browser, 'phone', { acceptDownloads: true })
    page = await phone.newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  const api = async <T>(path: string, init: { method?: string, json?: unknown } = {}): Promise<T> => {
    const res = await fetch(`${server.url}${path}`, { method: init.method ?? 'GET', headers: { ...headers, ...(init.json ? { 'content-type': 'application/json' } : {}) }, body: init.json ? JSON.stringify(init.json) : undefined })
    expect(res.status, await res.clone().text()).toBeLessThan(300)
    return res.json() as Promise<T>
  }

  it('answers a 补正 offline with a photo, syncs once, and downloads the answer\'s PDF and letter', async () => {
    // The application (phone …8000) is registered and sent for 补正 by the agency.
    const key = await (await fetch(`${server.url}/api/keys/applications`)).json()
    const sub = await makeSubmission(key)
    const receipt = await (await fetch(`${server.url}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sub) })).json() as { trackingCode: string }
    await api(`/api/staff/applications/${sub.id}/actions`, { method: 'POST', json: { type: 'register', channel: 'online' } })
    await api(`/api/staff/applications/${sub.id}/actions`, { method: 'POST', json: { type: 'requestAmendment', items: '请补充项目所在街道的名称' } })

    // The citizen looks it up on the phone: the request, the paused clock and the form.
    await page.goto(`${server.url}/track?code=${receipt.trackingCode}`)
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true))
    await page.getByTestId('track-phone4').fill('8000')
    await page.getByTestId('track-submit').click()
    await expect.poll(() => page.getByTestId('amendment-request').textContent(), { timeout: 10_000 }).toContain('请补充项目所在街道的名称')
    expect(await page.getByTestId('track-due').textContent()).toContain('暂停计算')

    await phone.setOffline(true)
    await page.getByTestId('amendment-text').fill('项目位于东华门街道。')
    await page.getByTestId('amendment-files').setInputFiles({ name: '证明.png', mimeType: 'image/png', buffer: PNG })
    await page.getByTestId('amendment-submit').click()
    await expect.poll(() => page.getByTestId('amendment-state').textContent(), { timeout: 10_000 }).toContain('联网后自动发送')
    // Queued, not sent: the case still waits.
    expect((await api<CaseDetail>(`/api/staff/applications/${sub.id}`)).item.status).toBe('awaitingAmendment')

    await phone.setOffline(false)
    await expect.poll(() => page.getByTestId('amendment-state').textContent(), { timeout: 30_000 }).toContain('已送达')
    const files = await api<CaseFilesResponse>(`/api/staff/applications/${sub.id}/files`)
    expect(files.amendments).toHaveLength(1)
    expect(files.amendments[0]!.files).toMatchObject([{ name: '证明.png', contentType: 'image/png' }])
    const amended = await api<CaseDetail>(`/api/staff/applications/${sub.id}`)
    expect(amended.item.status).toBe('open')
    expect(amended.clock.paused).toBe(false)
    expect(amended.history.filter(h => h.kind === 'amendmentReceived')).toHaveLength(1)

    // The reviewer sees it on the case page and attaches the disclosed PDF there.
    const desk = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } })
    const staffPage = await desk.newPage()
    await signInStaff(staffPage, server.url, { username: 'demo', password })
    await staffPage.goto(`${server.url}/staff/cases/${sub.id}`)
    await expect.poll(() => staffPage.getByTestId('case-amendment').textContent(), { timeout: 10_000 }).toContain('项目位于东华门街道。')
    expect(await staffPage.getByTestId('case-amendment-file').textContent()).toContain('证明.png')
    await staffPage.getByTestId('case-files-input').setInputFiles({ name: '公开信息.pdf', mimeType: 'application/pdf', buffer: PDF })
    await expect.poll(() => staffPage.getByTestId('case-answer-file').count(), { timeout: 10_000 }).toBe(1)
    await desk.close()
    await api(`/api/staff/applications/${sub.id}/actions`, { method: 'POST', json: { type: 'answer', outcome: 'partial', letter: '经审查，部分公开，相关信息见附件。' } })

    // Back on the phone (the case is answered now): the documents and the letter download (never shown inline).
    await page.getByTestId('track-submit').click()
    await expect.poll(() => page.getByTestId('delivery-document').count(), { timeout: 10_000 }).toBe(1)
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('delivery-document').click()])
    expect(pdf.suggestedFilename()).toBe('公开信息.pdf')
    expect(await readFile((await pdf.path())!)).toEqual(PDF)
    const [letter] = await Promise.all([page.waitForEvent('download'), page.getByTestId('delivery-letter').click()])
    expect(letter.suggestedFilename()).toMatch(/^告知书-GK-.*\.txt$/)
    expect(await readFile((await letter.path())!, 'utf8')).toBe('经审查，部分公开，相关信息见附件。')
    // Still exactly one 补正 on the case (a retry would have been answered, not stored).
    expect((await api<CaseFilesResponse>(`/api/staff/applications/${sub.id}/files`)).amendments).toHaveLength(1)
  })
})
