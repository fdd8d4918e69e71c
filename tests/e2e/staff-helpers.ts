/**
 * Staff accounts in end-to-end tests, made the way operators make them: the real `user:create`
 * CLI against the server's data directory (stop a PGlite server first: it is single-process),
 * then the real sign-in endpoint for API calls that need a session and its CSRF token.
 */
import type { Page } from 'playwright-core'
import type { TestServer } from './server'
import type { StaffRole } from '~/shared/review/roles'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { vi } from 'vitest'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface StaffCredentials { username: string, password: string }

/** On PostgreSQL pass `databaseUrl`; otherwise the account goes into the PGlite of `dataDir`. */
export async function createStaffUser(dataDir: string, user: StaffCredentials & { role: StaffRole }, databaseUrl = ''): Promise<void> {
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/server/cli/user-create.ts', '--username', user.username, '--role', user.role, '--password', user.password], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl } })
}

/** Signs in over HTTP; the headers carry the session cookie and the CSRF token for mutating calls. */
export async function staffHeaders(baseUrl: string, user: StaffCredentials): Promise<Record<string, string>> {
  const res = await fetch(`${baseUrl}/api/staff/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) })
  if (res.status !== 200)
    throw new Error(`sign-in as ${user.username}: HTTP ${res.status} ${await res.text()}`)
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!
  const { csrfToken } = await res.json() as { csrfToken: string }
  return { cookie, 'x-csrf-token': csrfToken }
}

/**
 * Signs in through the staff sign-in page, as staff do (the page is opened unless a guard already
 * sent the browser there), and waits until it has moved on to the page the role starts at.
 */
export async function signInStaff(page: Page, baseUrl: string, user: StaffCredentials): Promise<void> {
  if (!new URL(page.url(), baseUrl).pathname.startsWith('/staff/sign-in'))
    await page.goto(`${baseUrl}/staff/sign-in`)
  await page.fill('input[name=username]', user.username)
  await page.fill('input[name=password]', user.password)
  await page.click('button[type=submit]')
  await page.waitForURL(url => url.pathname.startsWith('/staff') && !url.pathname.startsWith('/staff/sign-in'))
}

/** The demo reviewer's password, which a server started with STAFF_DEMO=1 prints once. */
export async function demoPassword(server: TestServer): Promise<string> {
  return vi.waitFor(() => {
    const m = /password: (\S+)/.exec(server.log())
    if (!m)
      throw new Error('no demo password printed yet')
    return m[1]!
  }, { timeout: 20_000, interval: 100 })
}
