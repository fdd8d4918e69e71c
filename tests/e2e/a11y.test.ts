/**
 * WCAG 2.1 AA by axe-core on every page of the app, in Chinese and English, in the normal and the
 * high-contrast theme: the citizen's pages (reports, catalog search and entry, the application form
 * empty, with its errors shown and its receipt, tracking with 我的申请 — also asked for 补正 with the
 * answer form, and answered with a document to download — and a failed look-up), the
 * kiosk settings and the staff pages (sign-in, queue, case, statistics, audit). Charts, where a
 * page has one, must come with a text equivalent or axe and this list will say so. Add a route to
 * PAGES when a feature adds a page.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { TestServer } from './server'
import type { ApplicationPublicKey } from '~/shared/submission'
import type { ChangesPage } from '~/shared/sync/protocol'
import AxeBuilder from '@axe-core/playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeSubmission } from '../support/applications'
import { launchChromium, newDevice } from './chromium'
import { appendExternalLink, enableKiosk } from './kiosk-helpers'
import { rawTokens } from './raw-tokens'
import { startServer } from './server'
import { demoPassword, signInStaff, staffHeaders } from './staff-helpers'

/** `mine`: the application this variant's device made on the apply page (its 我的申请 entry). */
interface Fixture { entryId: string, caseId: string, password: string, baseUrl: string, mine: string }

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')

/** A staff step on the device's own application, once its outbox has sent it (404 until then). */
async function staffPost(f: Fixture, path: string, body: unknown): Promise<void> {
  const headers = { ...await staffHeaders(f.baseUrl, { username: 'demo', password: f.password }), 'content-type': 'application/json' }
  await expect.poll(async () => (await fetch(`${f.baseUrl}/api/staff/applications/${f.mine}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })).status, { timeout: 20_000, interval: 250 }).toBeLessThan(300)
}

/**
 * Each page, what shows that it has rendered its content, and what to do there first (`before`:
 * on the server, before the page opens). `keys`: also fail on raw keys or codes on screen, for
 * states the no-raw-keys walk cannot reach (我的申请 needs a device that applied).
 */
const PAGES: { name: string, path: (f: Fixture) => string, ready: string, act?: (page: Page, f: Fixture) => Promise<void>, before?: (f: Fixture) => Promise<void>, keys?: boolean, twoVariants?: boolean }[] = [
  { name: 'home', path: () => '/', ready: '[data-testid=report-card]' },
  { name: 'reports', path: () => '/reports', ready: '[data-testid=report-card]' },
  { name: 'report', path: () => '/reports/000_082e8fa0d6cdabd7', ready: '[data-testid=report-title]' },
  { name: 'catalog', path: () => '/catalog', ready: '[data-testid=catalog-tree] summary' },
  { name: 'catalog search', path: () => '/catalog?q=%E6%94%BF%E5%8A%A1', ready: '[data-testid=catalog-hit]' },
  { name: 'catalog entry', path: f => `/catalog/entries/${f.entryId}`, ready: '[data-testid=entry-title]' },
  { name: 'apply', path: () => '/apply', ready: '[data-testid=apply-form]' },
  {
    name: 'apply, errors shown',
    path: () => '/apply',
    ready: '[data-testid=error-summary]',
    act: async page => page.getByTestId('submit').click(),
  },
  {
    name: 'apply receipt',
    path: () => '/apply',
    ready: '[data-testid=receipt]',
    act: async (page, f) => {
      await page.getByTestId('input-name').fill('王小明')
      await page.getByTestId('input-idNumber').fill('11010519491231002X')
      await page.getByTestId('input-phone').fill('13912345678')
      await page.getByTestId('input-description').fill('请公开本区2024年老旧小区改造项目的资金使用明细。')
      await page.getByTestId('input-agency').selectOption('hn-jinshi', { timeout: 20_000 })
      await page.getByTestId('submit').click()
      await page.waitForURL(/\/apply\/receipt\//)
      f.mine = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1)!)
    },
  },
  { name: 'track, my applications', path: () => '/track', ready: '[data-testid=my-application]' },
  {
    name: 'track, my applications, 补正 asked (request and answer form)',
    path: () => '/track',
    ready: '[data-testid=my-application] [data-testid=amendment-form]',
    keys: true,
    twoVariants: true,
    before: async (f) => {
      await staffPost(f, '/actions', { type: 'register', channel: 'online' })
      await staffPost(f, '/actions', { type: 'requestAmendment', items: '请补充项目所在街道的名称。' })
    },
  },
  {
    name: 'track, my applications, answered with a document to download',
    path: () => '/track',
    ready: '[data-testid=my-application] [data-testid=delivery-document]',
    keys: true,
    twoVariants: true,
    before: async (f) => {
      await staffPost(f, '/files', { id: crypto.randomUUID(), name: '公开信息.pdf', data: PDF.toString('base64') })
      await staffPost(f, '/actions', { type: 'answer', outcome: 'partial', letter: '经审查，部分公开，相关信息见附件。' })
    },
  },
  {
    name: 'track, look-up failed',
    path: () => '/track',
    ready: '[data-testid=track-problem]',
    act: async (page) => {
      await page.getByTestId('track-code').fill('GK-0000-0000-0000')
      await page.getByTestId('track-phone4').fill('1234')
      await page.getByTestId('track-submit').click()
    },
  },
  { name: 'kiosk settings', path: () => '/kiosk', ready: '[data-testid=staff-unlock]' },
  { name: 'staff sign-in', path: () => '/staff/sign-in', ready: 'input[name=username]' },
  {
    name: 'staff queue',
    path: () => '/staff/sign-in',
    ready: 'tr[data-id]',
    act: (page, f) => signInStaff(page, new URL(page.url()).origin, { username: 'demo', password: f.password }),
  },
  { name: 'staff case', path: f => `/staff/cases/${f.caseId}`, ready: '[data-testid=clock]' },
  { name: 'staff statistics', path: () => '/staff/statistics', ready: '[data-testid=check]' },
  { name: 'staff audit', path: () => '/staff/audit', ready: '.review-audit tbody tr, main p.gk-note' },
  { name: 'not found', path: () => '/no-such-page', ready: 'main h1' },
]

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return result.violations.map(x => `${x.id} (${x.impact}): ${x.help}\n    ${x.nodes.slice(0, 3).map(n => n.target.join(' ')).join('\n    ')}`)
}

const VARIANTS = [
  { locale: 'zh-CN', contrast: false },
  { locale: 'en', contrast: false },
  { locale: 'zh-CN', contrast: true },
  { locale: 'en', contrast: true },
] as const

describe('accessibility (axe, WCAG 2.1 AA)', () => {
  let server: TestServer
  let browser: Browser

  const fixture: Fixture = { entryId: '', caseId: '', password: '', baseUrl: '', mine: '' }

  beforeAll(async () => {
    server = await startServer({ env: { STAFF_DEMO: '1' } })
    fixture.password = await demoPassword(server)
    fixture.baseUrl = server.url
    const changes = await (await fetch(`${server.url}/api/sync/changes?limit=2000`)).json() as ChangesPage
    const entry = changes.changes.find(c => c.op === 'put' && c.entity === 'catalogEntry')
    fixture.entryId = entry?.op === 'put' ? String((entry.value as { id: string }).id) : ''
    // One application in the staff queue, sent the way a device's outbox sends it.
    const key = await (await fetch(`${server.url}/api/keys/applications`)).json() as ApplicationPublicKey
    const sub = await makeSubmission(key)
    const res = await fetch(`${server.url}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sub) })
    expect(res.status).toBeLessThan(300)
    fixture.caseId = sub.id
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  for (const v of VARIANTS) {
    describe(`${v.locale}${v.contrast ? ', high contrast' : ''}`, () => {
      let context: BrowserContext
      let page: Page
      beforeAll(async () => {
        context = await newDevice(browser, 'phone', { locale: v.locale })
        // The app reads these preferences before its first render, as on a returning phone.
        await context.addInitScript(([locale, contrast]) => {
          localStorage.setItem('gongkai.locale', locale)
          if (contrast)
            localStorage.setItem('gongkai.contrast', 'high')
        }, [v.locale, v.contrast] as const)
        page = await context.newPage()
      })
      afterAll(() => context?.close())

      // The 我的申请 states after the receipt: in Chinese as is and in English in high contrast (both
      // languages, both themes) to keep the walk short.
      const pages = PAGES.filter(p => !p.twoVariants || (v.locale === 'zh-CN') !== v.contrast)
      for (const p of pages) {
        it(`${p.name} has no violations`, async () => {
          await p.before?.(fixture)
          await page.goto(`${server.url}${p.path(fixture)}`)
          await page.locator('main h1').first().waitFor({ timeout: 20_000 })
          await p.act?.(page, fixture)
          await page.locator(p.ready).first().waitFor({ timeout: 20_000 })
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(v.locale)
          expect(await page.evaluate(() => document.documentElement.dataset.contrast)).toBe(v.contrast ? 'high' : 'normal')
          expect(await violations(page)).toEqual([])
          if (p.keys)
            expect(await rawTokens(page)).toEqual([])
        })
      }
    })
  }

  // Kiosk mode: the larger layout, the idle countdown (a modal alert dialog) and the link guard.
  for (const locale of ['zh-CN', 'en'] as const) {
    describe(`kiosk mode, ${locale}`, () => {
      let context: BrowserContext
      let page: Page
      beforeAll(async () => {
        context = await newDevice(browser, 'kiosk', { locale })
        // The reset forgets the language (it was the last person's); this kiosk's visitors keep choosing it.
        await context.addInitScript(l => localStorage.setItem('gongkai.locale', l), locale)
        page = await context.newPage()
        await page.clock.install()
        await enableKiosk(page, server.url, { idleSeconds: 120, staff: { username: 'demo', password: fixture.password } })
      })
      afterAll(() => context?.close())

      it('home and the apply form have no violations', async () => {
        await page.goto(`${server.url}/`)
        await page.locator('[data-testid=report-card]').first().waitFor({ timeout: 20_000 })
        expect(await violations(page)).toEqual([])
        await page.goto(`${server.url}/apply`)
        await page.getByTestId('apply-form').waitFor({ timeout: 20_000 })
        expect(await violations(page)).toEqual([])
      })

      it('touch targets on home and the apply form are at least 64 px', async () => {
        // Buttons, form fields and stand-alone links; a link inside a sentence is exempt (WCAG 2.5.5).
        const tooSmall = () => page.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('main button, main input:not([type=radio]):not([type=checkbox]), main select, main textarea, main a.gk-button, header button, header a'))
          .filter(el => el.offsetParent !== null)
          .map(el => ({ el: `${location.pathname} ${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''} ${el.textContent?.trim().slice(0, 20) ?? ''}`, h: el.getBoundingClientRect().height }))
          .filter(x => x.h < 64)
          .map(x => `${x.el}: ${Math.round(x.h)} px`))
        await page.goto(`${server.url}/`)
        await page.locator('[data-testid=report-card]').first().waitFor({ timeout: 20_000 })
        const small = await tooSmall()
        await page.goto(`${server.url}/apply`)
        await page.getByTestId('apply-form').waitFor({ timeout: 20_000 })
        small.push(...await tooSmall())
        expect(small).toEqual([])
      })

      it('the idle countdown has no violations', async () => {
        await page.getByTestId('input-name').fill('王小明')
        await page.clock.fastForward(121_000)
        await page.getByTestId('idle-dialog').waitFor()
        expect(await violations(page)).toEqual([])
        await page.getByTestId('idle-stay').click()
      })

      it('the link guard has no violations', async () => {
        await appendExternalLink(page)
        await page.click('#external')
        await page.getByTestId('link-guard').getByTestId('qr-code').waitFor()
        expect(await violations(page)).toEqual([])
      })
    })
  }
})
