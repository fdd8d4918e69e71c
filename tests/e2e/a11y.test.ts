/**
 * WCAG 2.1 AA by axe-core on every page of the app, in Chinese and English, in the normal and the
 * high-contrast theme. Add a route to PAGES when a feature adds a page.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { TestServer } from './server'
import AxeBuilder from '@axe-core/playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './chromium'
import { startServer } from './server'

/** Each page and what shows that it has rendered its content. */
const PAGES: { path: string, ready: string }[] = [
  { path: '/', ready: '[data-testid=report-card]' },
  { path: '/reports', ready: '[data-testid=report-card]' },
  { path: '/reports/000_082e8fa0d6cdabd7', ready: '[data-testid=report-title]' },
  { path: '/catalog', ready: 'main h1' },
  { path: '/apply', ready: 'main h1' },
  { path: '/track', ready: 'main h1' },
  { path: '/kiosk', ready: '[data-testid=pin-form]' },
  { path: '/kiosk/check', ready: '[data-testid=check-form]' },
  { path: '/no-such-page', ready: 'main h1' },
]

const VARIANTS = [
  { locale: 'zh-CN', contrast: false },
  { locale: 'en', contrast: false },
  { locale: 'zh-CN', contrast: true },
  { locale: 'en', contrast: true },
] as const

describe('accessibility (axe, WCAG 2.1 AA)', () => {
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    server = await startServer()
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
        context = await browser.newContext({ locale: v.locale, viewport: { width: 412, height: 900 } })
        // The app reads these preferences before its first render, as on a returning phone.
        await context.addInitScript(([locale, contrast]) => {
          localStorage.setItem('gongkai.locale', locale)
          if (contrast)
            localStorage.setItem('gongkai.contrast', 'high')
        }, [v.locale, v.contrast] as const)
        page = await context.newPage()
      })
      afterAll(() => context?.close())

      for (const p of PAGES) {
        it(`${p.path} has no violations`, async () => {
          await page.goto(`${server.url}${p.path}`)
          await page.locator(p.ready).first().waitFor({ timeout: 20_000 })
          expect(await page.evaluate(() => document.documentElement.lang)).toBe(v.locale)
          expect(await page.evaluate(() => document.documentElement.dataset.contrast)).toBe(v.contrast ? 'high' : 'normal')
          const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
          const summary = result.violations.map(x => `${x.id} (${x.impact}): ${x.help}\n    ${x.nodes.slice(0, 3).map(n => n.target.join(' ')).join('\n    ')}`)
          expect(summary).toEqual([])
        })
      }
    })
  }
})
