/**
 * Turning a test browser into a kiosk the way staff do: the settings page, unlocked by a staff
 * sign-in on the device (any role) or by enrolling it with a one-time code (tests/e2e/kiosk-trust).
 */
import type { Page } from 'playwright-core'
import { vi } from 'vitest'

export async function enableKiosk(page: Page, baseUrl: string, opts: { idleSeconds?: number, staff?: { username: string, password: string }, code?: string } = {}): Promise<void> {
  await page.goto(`${baseUrl}/kiosk`)
  if (opts.code) {
    await page.getByTestId('enrol-code').fill(opts.code)
    await page.getByTestId('enrol-submit').click()
  }
  else if (opts.staff) {
    await page.getByTestId('unlock-username').fill(opts.staff.username)
    await page.getByTestId('unlock-password').fill(opts.staff.password)
    await page.getByTestId('unlock-submit').click()
  }
  await page.getByTestId('kiosk-form').waitFor()
  await page.getByTestId('kiosk-enabled').check()
  await page.getByTestId('idle-seconds').fill(String(opts.idleSeconds ?? 30))
  await page.getByTestId('kiosk-save').click()
  // Works in beforeAll too (expect.poll does not): wait for the shell to switch to kiosk mode.
  await page.waitForFunction(() => document.documentElement.dataset.kiosk === 'on')
}

/**
 * Rows of one table of the app's IndexedDB, read straight from the browser. A session reset may
 * reload the page under the read: then the read is taken again on the new page.
 */
export async function countRows(page: Page, table: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await countRowsOnce(page, table)
    }
    catch (err) {
      if (attempt >= 3 || !/Execution context was destroyed|navigation/i.test(String(err)))
        throw err
      await page.waitForLoadState('load')
    }
  }
}

async function countRowsOnce(page: Page, table: string): Promise<number> {
  return page.evaluate(async (name) => {
    // Never create the database here (that would hand the app an empty version 1): no database, 0 rows.
    const db = await new Promise<IDBDatabase | null>((resolve) => {
      const req = indexedDB.open('gongkai')
      req.onupgradeneeded = () => req.transaction?.abort()
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => resolve(null)
    })
    if (!db)
      return 0
    try {
      if (!db.objectStoreNames.contains(name))
        return 0
      return await new Promise<number>((resolve, reject) => {
        const req = db.transaction(name).objectStore(name).count()
        req.onsuccess = () => resolve(req.result)
        req.onerror = () => reject(req.error)
      })
    }
    finally {
      db.close()
    }
  }, table)
}

/** Puts a link to another site into the page, as a report or catalog text might carry one. */
export async function appendExternalLink(page: Page): Promise<void> {
  await page.evaluate(() => {
    const a = document.createElement('a')
    a.href = 'https://www.gov.cn/'
    a.textContent = 'gov.cn'
    a.id = 'external'
    document.querySelector('main')!.append(a)
  })
}

/**
 * Addresses the application on the apply form to `agencyId` the way the form offers it: a kiosk
 * set to its hall's agencies shows them as choices, any other device (or a kiosk whose enrolment
 * is still being read or was revoked) the directory list. Retried until the form shows it chosen.
 */
export async function chooseAgency(page: Page, agencyId: string, timeout = 20_000): Promise<void> {
  const radio = page.locator(`input[name=hallAgency][value="${agencyId}"]`)
  const select = page.getByTestId('input-agency')
  await vi.waitFor(async () => {
    if (await radio.isVisible())
      await radio.check({ timeout: 2_000 })
    else if (await select.isVisible())
      await select.selectOption(agencyId, { timeout: 2_000 })
    const chosen = (await radio.isVisible() && await radio.isChecked()) || (await select.isVisible() && await select.inputValue() === agencyId)
    if (!chosen)
      throw new Error(`agency ${agencyId} not chosen yet`)
  }, { timeout, interval: 200 })
}

/**
 * Waits until the kiosk can work with the network gone, as a real one can after its first start:
 * the service worker controls the page (the receipt's chunk comes from its cache) and the
 * agency's public key is cached (the form seals with it).
 */
export async function readyForOffline(page: Page, timeout = 30_000): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
  })
  await page.reload()
  await vi.waitFor(async () => {
    const ok = await page.evaluate(() => new Promise<boolean>((resolve) => {
      if (!navigator.serviceWorker.controller)
        return resolve(false)
      const req = indexedDB.open('gongkai')
      req.onsuccess = () => {
        const get = req.result.transaction('meta').objectStore('meta').get('applications.publicKey')
        get.onsuccess = () => resolve(!!get.result)
        get.onerror = () => resolve(false)
      }
      req.onerror = () => resolve(false)
    }))
    if (!ok)
      throw new Error('not ready for offline yet')
  }, { timeout, interval: 250 })
}
