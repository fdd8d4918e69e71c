/**
 * Script and markup put in through the APIs — a catalog entry (operator API), an annual report (the
 * import CLI) and an application (the device API, then a staff reveal) — shows up as text in every
 * page that displays it, and never runs. Checked in the real Chromium against the built app: no
 * element the payloads would create exists, the marker they set stays unset, no dialog opens, and
 * the literal text is on the page. The app itself runs clean under its Content-Security-Policy
 * (no violation reported on any of these pages).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { TestServer } from './server'
import type { ApplicationPublicKey } from '~/shared/submission'
import { execFile } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeSubmission } from '../support/applications'
import { launchChromium } from './chromium'
import { startServer } from './server'
import { createStaffUser, demoPassword, signInStaff, staffHeaders } from './staff-helpers'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const ADMIN = { username: 'xss-admin', password: 'xss e2e admin password' }
const IMG = '<img src=x onerror="window.__xss=(window.__xss||0)+1;alert(1)">'
const SCRIPT = '<script>window.__xss=(window.__xss||0)+1<\/script>'
const SVG = '"><svg onload="window.__xss=1">'
const PAYLOAD = `${IMG}${SCRIPT}${SVG}`

describe('markup in data renders as text', () => {
  let server: TestServer
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let password: string
  const cspViolations: string[] = []
  const dialogs: string[] = []

  beforeAll(async () => {
    server = await startServer({ env: { STAFF_DEMO: '1' } })
    password = await demoPassword(server)

    // An annual report whose text carries the payload, imported the way operators do.
    await server.stop()
    const dir = await mkdtemp(join(tmpdir(), 'gongkai-xss-'))
    const seedDir = join(ROOT, 'src/server/seed-data/reports')
    const seed = readFileSync(join(seedDir, readdirSync(seedDir).find(f => f.endsWith('.txt'))!), 'utf8')
    // Another year, so it is a report of its own (the seed import at start-up keeps the original).
    const lines = seed.replace(/2015/g, '2030').replace(/2016/g, '2031').split('\n')
    // Only the <img> payload: a <script> element makes the importer read the file as HTML, which
    // drops script elements itself; this way the markup reaches the stored text as it was typed.
    lines.splice(3, 0, `特别说明：${IMG}`)
    const file = join(dir, 'report.txt')
    await writeFile(file, lines.join('\n'))
    const out = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/server/cli/import.ts', file], { cwd: ROOT, env: { ...process.env, DATA_DIR: server.dataDir, DATABASE_URL: '' } })
    await rm(dir, { recursive: true, force: true })
    expect(out.stdout + out.stderr).toContain('2030')
    // The catalog's admin API needs an administrator's session, made the way operators do.
    await createStaffUser(server.dataDir, { ...ADMIN, role: 'admin' })
    await server.start()

    browser = await launchChromium()
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1024, height: 900 } })
    page = await context.newPage()
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text()))
        cspViolations.push(m.text())
    })
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  async function expectInert(where: string): Promise<void> {
    const state = await page.evaluate(() => ({
      marker: (window as { __xss?: unknown }).__xss,
      imgs: document.querySelectorAll('img[src="x"], img[onerror]').length,
      svgs: document.querySelectorAll('svg[onload]').length,
      inlineScripts: [...document.querySelectorAll('script')].filter(s => !s.src).length,
    }))
    expect(state, where).toEqual({ marker: undefined, imgs: 0, svgs: 0, inlineScripts: 0 })
    expect(dialogs, where).toEqual([])
  }

  it('a catalog entry, synced to the device and shown on its page', async () => {
    const entry = { indexNo: 'GK-SEED-SYZWFW/2025-90001', title: `关于${IMG}的通知`, agencyId: 'sy-zwfw', categoryName: '政务动态', publishedAt: '2025-03-01', docNo: `沈政〔2025〕${SCRIPT}号`, disclosure: 'proactive', summary: `摘要${SVG}`, body: `正文 ${PAYLOAD}`, attachments: [] }
    const res = await fetch(`${server.url}/api/admin/catalog/entries`, { method: 'POST', headers: { 'content-type': 'application/json', ...await staffHeaders(server.url, ADMIN) }, body: JSON.stringify(entry) })
    expect(res.status, await res.clone().text()).toBeLessThan(300)
    const { id } = await res.json() as { id: string }

    // The catalog page pulls the catalog onto the device; the entry page reads it from there.
    await page.goto(`${server.url}/catalog`)
    await expectInert('catalog page')
    await page.goto(`${server.url}/catalog/entries/${encodeURIComponent(id)}`)
    await expect.poll(async () => {
      const text = (await page.textContent('body')) ?? ''
      if (!text.includes('<script>window.__xss'))
        await page.reload()
      return text
    }, { timeout: 60_000, interval: 2_000 }).toContain('<script>window.__xss')
    expect(await page.textContent('body')).toContain('<svg onload=')
    await expectInert('catalog entry page')
  })

  it('an annual report\'s text', async () => {
    const { reports } = await (await fetch(`${server.url}/api/reports`)).json() as { reports: { id: string }[] }
    let found = false
    for (const r of reports) {
      const body = await (await fetch(`${server.url}/api/reports/${r.id}`)).text()
      if (!body.includes('__xss'))
        continue
      found = true
      await page.goto(`${server.url}/reports/${encodeURIComponent(r.id)}`)
      await expect.poll(async () => (await page.textContent('body')) ?? '', { timeout: 30_000 }).toContain('<img src=x onerror=')
      await expectInert('report page')
    }
    expect(found, JSON.stringify(reports)).toBe(true)
  })

  it('an application: in the staff queue, on the case page, and revealed', async () => {
    const key = await (await fetch(`${server.url}/api/keys/applications`)).json() as ApplicationPublicKey
    const sub = await makeSubmission(key, { general: { description: `请公开 ${PAYLOAD} 的信息`, catalogRefs: [{ indexNo: 'X/2025-1', docNo: null, title: `标题${IMG}` }] }, personal: { address: `地址${SCRIPT}${SVG}`, email: null } })
    const res = await fetch(`${server.url}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sub) })
    expect(res.status, await res.clone().text()).toBe(201)

    await page.goto(`${server.url}/staff`)
    await page.waitForURL(/\/staff\/sign-in/)
    await signInStaff(page, server.url, { username: 'demo', password })
    const row = page.locator(`tr[data-id="${sub.id}"]`)
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1)
    await expectInert('staff queue')
    await row.getByRole('link').click()
    await page.waitForURL(/\/staff\/cases\//)
    await expect.poll(async () => (await page.textContent('body')) ?? '', { timeout: 20_000 }).toContain('<img src=x onerror=')
    await expectInert('case page')
    await page.fill('input[name=revealReason]', '核对地址')
    await page.locator('input[name=revealReason]').press('Enter')
    await expect.poll(async () => (await page.textContent('body')) ?? '', { timeout: 20_000 }).toContain('地址<script>')
    await expectInert('case page, personal data revealed')
  })

  it('the app runs under its Content-Security-Policy without a single violation', () => {
    expect(cspViolations).toEqual([])
  })
})
