/**
 * A new build is deployed while application forms (the real apply form) are half filled. The phone shows 新版本可用 and the form
 * survives (before and after accepting); the kiosk shows nothing and takes the new version at its
 * next idle reset. Two real builds: dist/ (build 1, copied to the served directory) and a second
 * `vite build` with another VITE_BUILD_ID, copied over it to "deploy".
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { TestServer } from './server'
import { execFile } from 'node:child_process'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newDevice } from './chromium'
import { countRows, enableKiosk } from './kiosk-helpers'
import { startServer } from './server'
import { createStaffUser } from './staff-helpers'

const KIOSK_STAFF = { username: 'hall-staff', password: 'kiosk-staff-pass-1' }

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const IDLE = 120

async function buildInto(outDir: string, buildId: string): Promise<void> {
  await promisify(execFile)(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, VITE_BUILD_ID: buildId },
    maxBuffer: 16 * 1024 * 1024,
  })
}

async function deploy(from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true })
  await cp(from, to, { recursive: true })
}

const buildOf = (page: Page) => page.evaluate(() => document.documentElement.dataset.build)

/** Asks the browser to look for a new service worker now (the app does so hourly and on focus). */
async function checkForUpdate(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await (await navigator.serviceWorker.getRegistration())?.update()
  })
  await expect.poll(() => page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting), { timeout: 30_000 }).toBe(true)
}

/** The real application form, half filled: a name and a phone number, no request yet. */
async function fillForm(page: Page, baseUrl: string, name: string): Promise<void> {
  await page.goto(`${baseUrl}/apply`)
  await page.evaluate(() => navigator.serviceWorker.ready)
  await page.reload()
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 20_000 }).toBe(true)
  await page.getByTestId('apply-form').waitFor()
  await page.getByTestId('input-name').fill(name)
  await page.getByTestId('input-phone').fill('13912345678')
  await page.getByTestId('saved-at').waitFor()
  await expect.poll(() => countRows(page, 'drafts')).toBe(1)
}

const nameOf = (page: Page) => page.getByTestId('input-name').inputValue()

describe('app update under a half-filled form', () => {
  let work: string
  let served: string
  let next: string
  let server: TestServer
  let browser: Browser
  let phoneCtx: BrowserContext
  let kioskCtx: BrowserContext
  let phone: Page
  let kiosk: Page

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'gongkai-update-'))
    served = join(work, 'served')
    next = join(work, 'build-2')
    await buildInto(next, 'e2e-2')
    await deploy(join(ROOT, 'dist'), served)
    server = await startServer({ env: { DIST_DIR: served } })
    // Kiosk settings need a staff sign-in: an account made as operators do (PGlite is single-process).
    await server.stop()
    await createStaffUser(server.dataDir, { ...KIOSK_STAFF, role: 'reviewer' })
    await server.start()
    browser = await launchChromium()
    phoneCtx = await newDevice(browser, 'phone')
    kioskCtx = await newDevice(browser, 'kiosk')
    phone = await phoneCtx.newPage()
    kiosk = await kioskCtx.newPage()
    await kiosk.clock.install()
    await enableKiosk(kiosk, server.url, { idleSeconds: IDLE, staff: KIOSK_STAFF })
  })
  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
    if (work)
      await rm(work, { recursive: true, force: true })
  })

  it('both devices run build 1 with a half-filled form', async () => {
    await fillForm(phone, server.url, '赵六')
    await fillForm(kiosk, server.url, '孙七')
    const first = await buildOf(phone)
    expect(first).not.toBe('e2e-2')
    expect(await buildOf(kiosk)).toBe(first)
    await deploy(next, served)
  })

  it('the phone is offered the update and the form survives it', async () => {
    await checkForUpdate(phone)
    await phone.getByTestId('update-prompt').waitFor()
    expect(await phone.getByTestId('update-prompt').textContent()).toContain('新版本可用')
    expect(await nameOf(phone)).toBe('赵六')
    expect(await buildOf(phone)).not.toBe('e2e-2')
    await phone.getByRole('button', { name: '立即更新' }).click()
    await expect.poll(() => buildOf(phone), { timeout: 30_000 }).toBe('e2e-2')
    await phone.getByTestId('apply-form').waitFor()
    await expect.poll(() => nameOf(phone)).toBe('赵六')
    expect(await phone.getByTestId('input-phone').inputValue()).toBe('13912345678')
  })

  it('the kiosk shows no prompt under the citizen and updates at its idle reset', async () => {
    await checkForUpdate(kiosk)
    expect(await kiosk.getByTestId('update-prompt').count()).toBe(0)
    expect(await nameOf(kiosk)).toBe('孙七')
    expect(await buildOf(kiosk)).not.toBe('e2e-2')

    await kiosk.clock.fastForward((IDLE + 1) * 1000)
    await kiosk.getByTestId('idle-dialog').waitFor()
    await kiosk.clock.fastForward(31_000)
    await expect.poll(() => buildOf(kiosk), { timeout: 30_000 }).toBe('e2e-2')
    expect(new URL(kiosk.url()).pathname).toBe('/')
    expect(await countRows(kiosk, 'drafts')).toBe(0)
  })

  it('a lazy chunk that vanished after a deploy triggers one guarded reload into the new build', async () => {
    await deploy(join(ROOT, 'dist'), served)
    // No service worker here: its precache would still hold the old chunk. This is the first visit
    // on a browser without one, or the moment between a deploy and the worker's update.
    const ctx = await browser.newContext({ locale: 'zh-CN', serviceWorkers: 'block' })
    try {
      const page = await ctx.newPage()
      await page.goto(`${server.url}/`)
      await page.getByTestId('report-card').first().waitFor({ timeout: 20_000 })
      expect(await buildOf(page)).not.toBe('e2e-2')
      await deploy(next, served)
      let loads = 0
      page.on('load', () => loads++)
      await page.getByTestId('action-reports').click()
      await expect.poll(() => buildOf(page), { timeout: 20_000 }).toBe('e2e-2')
      expect(new URL(page.url()).pathname).toBe('/reports')
      await page.getByTestId('report-card').first().waitFor({ timeout: 20_000 })
      expect(loads).toBe(1)
    }
    finally {
      await ctx.close()
    }
  })
})
