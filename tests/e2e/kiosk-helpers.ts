/** Turning a test browser into a kiosk the way staff do: the settings page and the staff PIN. */
import type { Page } from 'playwright-core'

export const STAFF_PIN = '246810'

export async function enableKiosk(page: Page, baseUrl: string, opts: { idleSeconds?: number } = {}): Promise<void> {
  await page.goto(`${baseUrl}/kiosk`)
  await page.getByTestId('pin-form').waitFor()
  await page.getByTestId('pin').fill(STAFF_PIN)
  if (await page.getByTestId('pin-again').count())
    await page.getByTestId('pin-again').fill(STAFF_PIN)
  await page.getByTestId('pin-submit').click()
  await page.getByTestId('kiosk-form').waitFor()
  await page.getByTestId('kiosk-enabled').check()
  await page.getByTestId('idle-seconds').fill(String(opts.idleSeconds ?? 30))
  await page.getByTestId('kiosk-save').click()
  // Works in beforeAll too (expect.poll does not): wait for the shell to switch to kiosk mode.
  await page.waitForFunction(() => document.documentElement.dataset.kiosk === 'on')
}

/** Rows of one table of the app's IndexedDB, read straight from the browser. */
export async function countRows(page: Page, table: string): Promise<number> {
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
