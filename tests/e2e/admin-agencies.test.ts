/**
 * The agency directory's admin page in Chromium (issue 14): an admin opens it from the admin landing
 * page, creates an agency (a refused credit code is shown beside its field and nothing typed is
 * lost), edits it, imports a CSV with one bad row and sees that row's error, and axe finds nothing;
 * a citizen's device then lists the new agency.
 */
import type { Browser, Page } from 'playwright-core'
import type { TestServer } from './server'
import AxeBuilder from '@axe-core/playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './chromium'
import { startServer } from './server'
import { createStaffUser, signInStaff } from './staff-helpers'

const ADMIN = { username: 'adm', password: 'Directory e2e pass 2026' }

describe('agency directory admin page', () => {
  let server: TestServer
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    server = await startServer({ startTimeoutMs: 180_000 })
    await server.stop()
    await createStaffUser(server.dataDir, { ...ADMIN, role: 'admin' })
    await server.start()
    browser = await launchChromium()
    page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1024, height: 900 } })).newPage()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.dispose()
  })

  const field = (name: string) => page.getByTestId(`agency-input-${name}`)

  it('creates an agency: a refused field is marked beside it, the rest kept', async () => {
    await signInStaff(page, server.url, ADMIN)
    await page.goto(`${server.url}/staff/admin`)
    await page.getByRole('link', { name: /机关名录/ }).click()
    await page.getByTestId('agency-admin-list').waitFor()
    expect(page.url()).toContain('/staff/admin/agencies')
    await page.getByTestId('agency-create').click()
    await field('id').fill('e2e-czj')
    await field('name').fill('测试市财政局')
    await field('orgCode').fill('E2E-CZJ')
    await field('creditCode').fill('91350100M000100Y44') // wrong check digit
    await field('level').selectOption('municipal')
    await field('region').fill('测试省测试市')
    await field('parentId').selectOption('hrb-gov')
    await page.getByTestId('agency-save').click()
    await page.getByTestId('agency-form-errors').waitFor()
    expect(await field('creditCode').getAttribute('aria-invalid')).toBe('true')
    const describedBy = (await field('creditCode').getAttribute('aria-describedby'))!.split(' ')[0]!
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toContain('统一社会信用代码')
    expect(await field('name').inputValue()).toBe('测试市财政局')
    expect(await field('region').inputValue()).toBe('测试省测试市')
    await field('creditCode').fill('91350100M000100Y43')
    await page.getByTestId('agency-save').click()
    await page.getByTestId('agency-saved').waitFor()
    expect(await page.getByTestId('agency-saved').textContent()).toContain('测试市财政局')
    await page.locator('[data-agency="e2e-czj"]').waitFor()
  })

  it('edits it: the change is stored', async () => {
    await page.getByTestId('agency-admin-search').fill('csscz')
    await page.getByTestId('agency-edit-e2e-czj').click()
    expect(await field('id').getAttribute('readonly')).not.toBeNull()
    expect(await field('parentId').inputValue()).toBe('hrb-gov')
    await field('officePhone').fill('0000-7654321')
    await field('officeHours').fill('工作日 9:00-17:00')
    await page.getByTestId('agency-save').click()
    await page.getByTestId('agency-saved').waitFor()
    const stored = await (await fetch(`${server.url}/api/agencies/e2e-czj`)).json() as Record<string, unknown>
    expect(stored).toMatchObject({ name: '测试市财政局', officePhone: '0000-7654321', creditCode: '91350100M000100Y43', parentId: 'hrb-gov' })
  })

  it('imports a CSV with one bad row: the summary and that row\'s error; axe finds nothing', async () => {
    await page.getByTestId('agency-admin-search').fill('')
    const csv = [
      '编号,机构名称,机构代码,层级,所在地区,上级机构编号',
      'e2e-jyj,测试市教育局,E2E-JYJ,市级,测试省测试市,e2e-czj',
      'e2e-bad,,E2E-BAD,市级,测试省测试市,',
    ].join('\n')
    await page.getByTestId('agency-import-text').fill(csv)
    await page.getByTestId('agency-import-submit').click()
    await page.getByTestId('agency-import-summary').waitFor()
    expect(await page.getByTestId('agency-import-summary').textContent()).toContain('新建 1 个')
    const row = page.getByTestId('agency-import-errors').locator('tbody tr')
    expect(await row.count()).toBe(1)
    expect(await row.locator('td').allInnerTexts()).toEqual(['3', '机关名称', '请填写机构名称'])
    await page.locator('[data-agency="e2e-jyj"]').waitFor()
    // The pasted text stays for correcting the bad row.
    expect(await page.getByTestId('agency-import-text').inputValue()).toContain('e2e-bad')
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
    expect(axe.violations.map(v => `${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`)).toEqual([])
  })

  it('a citizen\'s device lists the new agency', async () => {
    const citizen = await (await browser.newContext({ locale: 'zh-CN' })).newPage()
    await citizen.goto(`${server.url}/agencies`)
    await expect.poll(async () => {
      await citizen.getByTestId('agency-search').fill('测试市财政局')
      return citizen.getByTestId('agency-e2e-czj').count()
    }, { timeout: 30_000, interval: 500 }).toBe(1)
    await citizen.getByTestId('agency-e2e-czj').click()
    await citizen.getByTestId('agency-name').waitFor()
    expect(await citizen.getByTestId('agency-officePhone').textContent()).toContain('0000-7654321')
  })
})
