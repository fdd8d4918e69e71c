/**
 * The promise, end to end in Chromium: with the network cut, a citizen fills in and submits
 * an application; the receipt shows at once; IndexedDB holds no readable name, ID number or phone;
 * the page is closed; the network returns; the app is reopened; the agency's server has exactly
 * one application, the device shows it as received, and the tracking page finds it.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { TestServer } from './server'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDb } from '~/server/platform/db'
import { launchChromium, newDevice } from './chromium'
import { startServer } from './server'

const PERSON = { name: '王小明', idNumber: '11010519491231002X', phone: '13912345678', address: '湖南省津市市人民路8号' }

/** Every value in every object store of the app's database, with binary data decoded as text too. */
async function rawIndexedDb(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('gongkai')
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
    })
    const out: string[] = []
    const dump = (v: unknown): void => {
      if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) {
        const bytes = v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength)
        out.push(new TextDecoder('utf-8', { fatal: false }).decode(bytes))
      }
      else if (v && typeof v === 'object') {
        for (const x of Object.values(v))
          dump(x)
      }
      else {
        out.push(String(v))
      }
    }
    for (const name of Array.from(db.objectStoreNames)) {
      const rows = await new Promise<unknown[]>((resolve, reject) => {
        const req = db.transaction(name).objectStore(name).getAll()
        req.onsuccess = () => resolve(req.result)
        req.onerror = () => reject(req.error)
      })
      out.push(`[${name}]`)
      dump(rows)
    }
    db.close()
    return out.join('\n')
  })
}

describe('applying offline', () => {
  let server: TestServer
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let trackingCode = ''

  beforeAll(async () => {
    server = await startServer()
    browser = await launchChromium()
    context = await newDevice(browser, 'phone')
    page = await context.newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  it('a first online visit installs the app and caches the agency key', async () => {
    await page.goto(server.url)
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    await page.reload()
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 20_000 }).toBe(true)
    await expect.poll(async () => (await rawIndexedDb(page)).includes('ECDH-ES+HKDF-SHA256+A256GCM'), { timeout: 20_000 }).toBe(true)
    // The agency directory came with the catalog: the offline form below offers 津市市人民政府.
    await expect.poll(async () => (await rawIndexedDb(page)).includes('津市市政务公开领导小组办公室'), { timeout: 30_000 }).toBe(true)
  })

  it('with the network cut, fills in and submits an application, and the receipt shows at once', async () => {
    await server.stop()
    await context.setOffline(true)
    await page.goto(`${server.url}/apply?indexNo=${encodeURIComponent('11320000014000XXXX/2024-00123')}&title=${encodeURIComponent('老旧小区改造项目资金安排')}`)
    await page.getByTestId('apply-form').waitFor({ timeout: 20_000 })
    // The catalog link arrived pre-filled.
    expect(await page.getByTestId('catalog-ref').count()).toBe(1)

    // A wrong ID number is refused next to the field, in Chinese, and nothing typed is lost.
    await page.getByTestId('input-name').fill(PERSON.name)
    await page.getByTestId('input-idNumber').fill('110105194912310021')
    await page.getByTestId('input-phone').fill(PERSON.phone)
    await page.getByTestId('input-description').fill('请公开2024年本区老旧小区改造项目的资金使用明细。')
    await page.getByTestId('submit').click()
    await expect.poll(() => page.locator('[data-field="personal.idNumber"] [data-testid="field-error"]').textContent()).toContain('身份证')
    expect(await page.getByTestId('input-name').inputValue()).toBe(PERSON.name)
    expect(await page.getByTestId('input-phone').inputValue()).toBe(PERSON.phone)
    expect(page.url()).toContain('/apply')

    // Enter in a one-line field (as when an IME confirms a word) does not submit.
    await page.getByTestId('input-address').fill(PERSON.address)
    await page.getByTestId('input-address').press('Enter')
    expect(page.url()).toContain('/apply')

    await page.getByTestId('input-idNumber').fill(PERSON.idNumber)
    // The form asks which agency the application goes to (the directory synced in the warm-up).
    await page.getByTestId('input-agency').selectOption('hn-jinshi', { timeout: 20_000 })
    await page.getByTestId('submit').click()
    await page.getByTestId('receipt').waitFor({ timeout: 20_000 })
    trackingCode = (await page.getByTestId('tracking-code').textContent())!.trim()
    expect(trackingCode).toMatch(/^GK-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    expect(await page.getByTestId('receipt-agency').textContent()).toContain('津市市人民政府')
    expect(await page.getByTestId('receipt-state').textContent()).toContain('等待发送')
    expect(await page.getByTestId('receipt').textContent()).toContain('老旧小区改造')
    expect(await page.locator('.receipt__qr').count()).toBe(1)
    expect(await page.getByTestId('pending-note').textContent()).toContain('待同步 1 件')
  })

  it('indexedDB holds no plaintext name, ID number or phone', async () => {
    const raw = await rawIndexedDb(page)
    expect(raw).toContain(trackingCode)
    for (const secret of [PERSON.name, PERSON.idNumber, PERSON.phone, PERSON.address, '1391234'])
      expect(raw, secret).not.toContain(secret)
  })

  it('after the page is closed and the network returns, the reopened app sends it exactly once', async () => {
    await page.close()
    await server.start()
    await context.setOffline(false)
    page = await context.newPage()
    await page.goto(`${server.url}/track`)
    const mine = page.getByTestId('my-application').filter({ hasText: trackingCode })
    await expect.poll(() => mine.getAttribute('data-state'), { timeout: 30_000 }).toBe('sent')
    expect(await mine.getByTestId('my-application-state').textContent()).toContain('机关已收到')
    expect(await page.getByTestId('pending-count').count()).toBe(0)
    // Sent: the sealed personal data is gone from the device too.
    expect(await rawIndexedDb(page)).not.toContain('"ct"')
  })

  it('the tracking page finds it by code and the last four phone digits', async () => {
    await page.getByTestId('track-code').fill(trackingCode.toLowerCase())
    await page.getByTestId('track-phone4').fill('5678')
    await page.getByTestId('track-submit').click()
    await expect.poll(() => page.getByTestId('track-status').textContent(), { timeout: 20_000 }).toContain('机关已收到')
    expect(await page.getByTestId('track-result').getByTestId('track-history').textContent()).toContain('已在设备上提交')
    await page.getByTestId('track-phone4').fill('0000')
    await page.getByTestId('track-submit').click()
    await expect.poll(() => page.getByTestId('track-problem').textContent()).toContain('没有找到')
  })

  it('the server holds exactly one application, with the identity number only masked in the clear', async () => {
    await page.close()
    await server.stop()
    const db = await openDb({ dataDir: join(server.dataDir, 'pglite') })
    try {
      const { rows } = await db.query<Record<string, unknown>>('select * from applications')
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ tracking_code: trackingCode, channel: 'online', id_number_masked: '110***********002X', agency_id: 'hn-jinshi' })
      expect(JSON.stringify(rows[0])).not.toContain(PERSON.idNumber)
    }
    finally {
      await db.close()
    }
  })
})
