/**
 * The catalog's promise: after one online visit the whole seed catalog is on the device, and with
 * the network cut it is searchable (two characters, pinyin initials, a 文号), readable, and leads
 * to the application form pre-filled with the entry's 索引号, 文号 and title. A withdrawal (by a
 * signed-in admin) reaches the device on its next sync and the entry leaves its search.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { TestServer } from './server'
import type { ChangesPage } from '~/shared/sync/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newDevice } from './chromium'
import { countRows } from './kiosk-helpers'
import { startServer } from './server'
import { createStaffUser, staffHeaders } from './staff-helpers'

const ADMIN = { username: 'catalog-admin', password: 'catalog e2e admin password' }

describe('offline catalog', () => {
  let server: TestServer
  let browser: Browser
  let context: BrowserContext
  let page: Page

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

  const total = () => page.getByTestId('catalog-total').textContent()
  async function search(q: string): Promise<void> {
    await page.getByTestId('catalog-search').fill(q)
    await expect.poll(() => page.url(), { timeout: 10_000 }).toContain(`q=${encodeURIComponent(q).replace(/%20/g, '+')}`)
  }

  it('downloads the seed catalog on the first visit and shows the category tree', async () => {
    await page.goto(`${server.url}/catalog`)
    await expect.poll(() => countRows(page, 'catalogEntries'), { timeout: 30_000 }).toBe(26)
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    await expect.poll(() => page.getByTestId('catalog-tree').locator('summary').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(5)
    expect(await page.getByTestId('catalog-tree').textContent()).toContain('政府信息公开年报')
    // The worker persists its index once sync goes quiet; a cold start then loads it.
    await expect.poll(() => countRows(page, 'searchIndex'), { timeout: 20_000 }).toBe(1)
  })

  it('with the network cut, finds entries by two characters, pinyin initials and 文号', async () => {
    await page.reload()
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 20_000 }).toBe(true)
    await server.stop()
    await context.setOffline(true)
    await page.reload()
    await expect.poll(() => page.getByTestId('net-status').textContent(), { timeout: 20_000 }).toContain('离线')

    await search('预算')
    await expect.poll(total, { timeout: 10_000 }).toMatch(/共找到 [1-9]\d* 条/)
    const hits = page.getByTestId('catalog-hit')
    expect(await hits.first().textContent()).toContain('预算')
    expect(await hits.first().locator('mark').first().textContent()).toBe('预算')

    await search('zwgk')
    await expect.poll(() => page.getByTestId('catalog-hit').filter({ hasText: '国务院办公厅关于印发2017年政务公开工作要点的通知' }).count(), { timeout: 10_000 }).toBe(1)

    await search('国办发〔2017〕24号')
    await expect.poll(total, { timeout: 10_000 }).toContain('共找到 1 条')
    expect(await hits.first().textContent()).toContain('国务院办公厅关于印发2017年政务公开工作要点的通知')
  })

  it('offline, finds what citizens type: agency pinyin, traditional characters, 年报; filters list only what exists', async () => {
    const count = async (q: string) => {
      await search(q)
      await expect.poll(total, { timeout: 10_000 }).toMatch(/共找到 \d+ 条/)
      return Number(/共找到 (\d+) 条/.exec((await total()) ?? '')![1])
    }
    const jinshi = await count('津市')
    expect(jinshi).toBe(5)
    expect(await count('jinshi')).toBeGreaterThanOrEqual(jinshi)
    await search('條例')
    await expect.poll(() => page.getByTestId('catalog-hit').filter({ hasText: '中华人民共和国政府信息公开条例' }).count(), { timeout: 20_000 }).toBe(1)
    expect(await count('年报')).toBeGreaterThanOrEqual(5)
    // Years: only those with entries (the seed has none in 2009–2011); categories grouped by agency.
    const years = await page.getByTestId('filter-year').locator('option').allTextContents()
    expect(years).toContain('2017')
    expect(years).not.toContain('2010')
    expect(await page.getByTestId('filter-category').locator('optgroup').count()).toBeGreaterThanOrEqual(5)
  })

  it('does not search while an IME composition is in progress', async () => {
    const input = page.getByTestId('catalog-search')
    await input.fill('')
    // Record every query the page commits (it mirrors the committed query into the URL).
    await page.evaluate(() => {
      const w = window as unknown as { committed: string[] }
      w.committed = []
      const replace = history.replaceState.bind(history)
      history.replaceState = (data, unused, url) => {
        w.committed.push(String(url ?? ''))
        replace(data, unused, url)
      }
    })
    await input.dispatchEvent('compositionstart')
    for (const provisional of ['z', 'zh', 'zheng']) {
      await input.evaluate((el: HTMLInputElement, v) => {
        el.value = v
        el.dispatchEvent(new InputEvent('input', { isComposing: true, bubbles: true }))
      }, provisional)
    }
    await input.evaluate((el: HTMLInputElement) => {
      el.value = '政务'
      el.dispatchEvent(new CompositionEvent('compositionend', { data: '政务', bubbles: true }))
    })
    await expect.poll(() => page.url()).toContain(`q=${encodeURIComponent('政务')}`)
    await expect.poll(total, { timeout: 10_000 }).toMatch(/共找到 [1-9]\d* 条/)
    const committed = await page.evaluate(() => (window as unknown as { committed: string[] }).committed)
    expect(committed.filter(u => /q=z/.test(u))).toEqual([])
  })

  it('opens a result offline and 申请公开 opens the application form pre-filled from the entry', async () => {
    await search('国办发〔2017〕24号')
    await expect.poll(total, { timeout: 10_000 }).toContain('共找到 1 条')
    await page.getByTestId('catalog-hit').first().click()
    await expect.poll(() => page.getByTestId('entry-title').textContent(), { timeout: 10_000 }).toContain('国务院办公厅关于印发2017年政务公开工作要点的通知')
    const indexNo = (await page.getByTestId('entry-index-no').textContent())!.trim()
    expect(indexNo).toMatch(/\/2017-\d+$/)
    await page.getByTestId('entry-apply').click()
    await expect.poll(() => new URL(page.url()).pathname).toBe('/apply')
    const params = new URL(page.url()).searchParams
    expect(params.get('indexNo')).toBe(indexNo)
    expect(params.get('title')).toBe('国务院办公厅关于印发2017年政务公开工作要点的通知')
    expect(params.get('docNo')).toBe('国办发〔2017〕24号')
    // The real form, still offline: the entry is linked and the description names it.
    const ref = page.getByTestId('catalog-ref')
    await expect.poll(() => ref.count(), { timeout: 10_000 }).toBe(1)
    expect(await ref.locator('input').evaluateAll(els => els.map(e => (e as HTMLInputElement).value)))
      .toEqual([indexNo, '国办发〔2017〕24号', '国务院办公厅关于印发2017年政务公开工作要点的通知'])
    expect(await page.getByTestId('input-description').inputValue())
      .toBe(`申请公开“国务院办公厅关于印发2017年政务公开工作要点的通知”（文号：国办发〔2017〕24号，索引号：${indexNo}）的全部内容。`)
  })

  it('drops a withdrawn entry from the device search after its next sync', async () => {
    await createStaffUser(server.dataDir, { ...ADMIN, role: 'admin' })
    await server.start()
    await context.setOffline(false)
    await page.goto(`${server.url}/catalog`)
    await search('渝府办发〔2017〕61号')
    await expect.poll(total, { timeout: 10_000 }).toContain('共找到 1 条')

    const changes = await (await fetch(`${server.url}/api/sync/changes?limit=2000`)).json() as ChangesPage
    const target = changes.changes.find(c => c.op === 'put' && c.entity === 'catalogEntry' && c.value.docNo === '渝府办发〔2017〕61号')!
    const id = target.op === 'put' ? target.value.id : ''
    const anonymous = await fetch(`${server.url}/api/admin/catalog/entries/${id}/withdraw`, { method: 'POST' })
    expect(anonymous.status).toBe(401)
    const res = await fetch(`${server.url}/api/admin/catalog/entries/${id}/withdraw`, { method: 'POST', headers: await staffHeaders(server.url, ADMIN) })
    expect(res.status).toBe(200)

    // The next sync (here: the browser coming back online) brings the tombstone.
    await page.evaluate(() => window.dispatchEvent(new Event('online')))
    await expect.poll(total, { timeout: 20_000 }).toContain('共找到 0 条')
    expect(await countRows(page, 'catalogEntries')).toBe(25)
    await page.goto(`${server.url}/catalog/entries/${id}`)
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toContain('本机没有这条信息')
  })
})
