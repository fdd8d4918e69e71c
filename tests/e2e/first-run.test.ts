/**
 * First run (issue 18): the README's `npm run user:create` while the production server runs on
 * PGlite goes through the server (its control socket) instead of opening the same directory, so
 * sign-in works at once and after a restart; the admin it creates lands on the admin page, creates
 * a reviewer there, and reads in the audit log that the first account came from the command line.
 */
import type { Browser } from 'playwright-core'
import type { TestServer } from './server'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './chromium'
import { startServer } from './server'
import { signInStaff, staffHeaders } from './staff-helpers'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const ADMIN = { username: 'admin', password: 'first operator pass phrase' }
const REVIEWER = { username: 'wang.li', password: 'reviewer pass phrase 7' }

async function userCreate(dataDir: string, args: string[]): Promise<{ code: number, out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/server/cli/user-create.ts', ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' } })
    return { code: 0, out: stdout + stderr }
  }
  catch (err) {
    const e = err as { code: number, stdout: string, stderr: string }
    return { code: e.code, out: e.stdout + e.stderr }
  }
}

describe('first run', () => {
  let server: TestServer
  let browser: Browser | undefined

  beforeAll(async () => {
    server = await startServer({ startTimeoutMs: 180_000 })
  }, 240_000)
  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  it('user:create while the server runs goes through it; sign-in works now and after a restart', async () => {
    const made = await userCreate(server.dataDir, ['--username', ADMIN.username, '--role', 'admin', '--password', ADMIN.password])
    expect(made.out).toContain('through the running server')
    expect(made.code).toBe(0)
    await staffHeaders(server.url, ADMIN)
    // The server's own refusals reach the operator as words.
    const again = await userCreate(server.dataDir, ['--username', ADMIN.username, '--role', 'admin', '--password', ADMIN.password])
    expect(again.code).toBe(1)
    expect(again.out).toContain('该用户名已存在')
    await server.stop()
    await server.start()
    await staffHeaders(server.url, ADMIN)
  }, 240_000)

  it('the admin lands on the admin page, creates a reviewer, and reads the audit log in words', async () => {
    browser = await launchChromium()
    const page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1024, height: 768 } })).newPage()
    await page.goto(`${server.url}/staff`)
    await signInStaff(page, server.url, ADMIN)
    await page.waitForURL(url => url.pathname === '/staff/admin')
    await page.locator('[data-testid=admin-accounts] tr[data-username=admin]').waitFor()
    expect(await page.locator('[data-testid=staff-no-access]').count()).toBe(0)

    const form = page.locator('[data-testid=admin-create]')
    await form.locator('input[name=username]').fill(REVIEWER.username)
    await form.locator('input[name=password]').fill(REVIEWER.password)
    await form.locator('button[type=submit]').click()
    await page.locator(`[data-testid=admin-accounts] tr[data-username="${REVIEWER.username}"]`).waitFor()
    expect(await page.locator('[data-testid=admin-done]').textContent()).toContain(REVIEWER.username)
    await staffHeaders(server.url, REVIEWER)

    await page.click('a[href="/staff/audit"]')
    await page.locator('[data-testid=audit-action]').first().waitFor()
    const actions = await page.locator('[data-testid=audit-action]').allTextContents()
    expect(actions).toContain('创建账号')
    expect(actions).toContain('登录')
    expect(actions.join(' ')).not.toMatch(/user\.create|signIn/)
    // The account made at the console says so, in words (shared/review/audit.ts).
    const created = page.locator('tr[data-action="user.create"]').last()
    expect(await created.locator('dl').textContent()).toContain('命令行')
  }, 240_000)
})
