/**
 * The agency directory's admin form, rendered (Vue's server renderer): a field the server named is
 * marked (aria-invalid, described by its message in the page's language) and keeps what was typed;
 * the others stay unmarked. And the split of the server's "中文 (English)" messages.
 */
import type { AgencyDraft, FieldErrors } from '~/features/staff/composables/useAgencyAdmin'
import type { Agency } from '~/shared/agencies/types'
import { createPinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { createSSRApp, h } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { createAppI18n } from '~/app/modules/i18n'
import StaffAgencyForm from '~/features/staff/components/StaffAgencyForm.vue'
import { draftOf, emptyDraft, messageLabel } from '~/features/staff/composables/useAgencyAdmin'
import { parseAgencyInput } from '~/shared/agencies/input'

const STORED: Agency = { id: 'hrb-czj', name: '哈尔滨市财政局', shortName: null, orgCode: 'HRB-CZJ', creditCode: null, level: 'municipal', region: '黑龙江省哈尔滨市', parentId: 'hrb-gov', officeName: null, officeAddress: '哈尔滨市某路1号', officePhone: null, officeHours: null, guide: '', active: true, updatedAt: '2026-01-01T00:00:00.000Z' }

async function render(draft: AgencyDraft, errors: FieldErrors, locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<string> {
  const app = createSSRApp({ render: () => h(StaffAgencyForm, { modelValue: draft, creating: true, agencies: [STORED], errors, busy: false, message: '' }) })
  app.use(createAppI18n(locale))
  app.use(createPinia())
  return renderToString(app)
}

/** The start tag of the control whose name is given. */
function control(html: string, name: string): string {
  const m = html.match(new RegExp(`<(?:input|select|textarea)[^>]*\\sname="${name}"[^>]*>`))
  expect(m, `no control ${name}`).not.toBeNull()
  return m![0]
}

describe('agency admin form', () => {
  it('splits the server\'s bilingual messages; a message without an English half is kept whole', () => {
    expect(messageLabel('请填写机构名称 (name is required)')).toEqual({ zh: '请填写机构名称', en: 'name is required' })
    expect(messageLabel('没有编号为 x 的上级机构（上级须在本行之前或已在名录中） (unknown parent agency)')).toEqual({ zh: '没有编号为 x 的上级机构（上级须在本行之前或已在名录中）', en: 'unknown parent agency' })
    expect(messageLabel('只有中文')).toEqual({ zh: '只有中文', en: '只有中文' })
    // Every message the shared parser writes has both halves.
    const parsed = parseAgencyInput({ id: '!', name: '', orgCode: '空 格', creditCode: '123', level: 'x', region: '', parentId: '?', active: 'maybe' })
    expect(parsed.ok).toBe(false)
    for (const e of parsed.ok ? [] : parsed.errors) {
      const l = messageLabel(e.message)
      expect(l.zh, e.field).not.toBe(l.en)
      expect(l.en, e.field).toMatch(/^[\x20-\x7E]+$/)
    }
  })

  it('a stored agency round-trips through the form values (empty guide stays empty)', () => {
    const d = draftOf(STORED)
    expect(d).toMatchObject({ id: 'hrb-czj', shortName: '', parentId: 'hrb-gov', guide: '', active: true })
    expect(Object.keys(emptyDraft()).sort()).toEqual(Object.keys(d).sort())
  })

  it('marks the fields the server named, in the page\'s language, and keeps what was typed', async () => {
    const draft = { ...emptyDraft(), id: 'new-ju', name: '新局', creditCode: '91350100M000100Y44', region: '测试市' }
    const errors: FieldErrors = { creditCode: messageLabel('统一社会信用代码应为 18 位且校验位正确 (creditCode fails the GB 32100 check)'), level: messageLabel('请选择机构层级 (level is required)') }
    for (const locale of ['zh-CN', 'en'] as const) {
      const html = await render(draft, errors, locale)
      const credit = control(html, 'creditCode')
      expect(credit).toContain('aria-invalid="true"')
      expect(credit).toContain('value="91350100M000100Y44"')
      const ids = credit.match(/aria-describedby="([^"]+)"/)![1]!.split(' ')
      const errorAt = html.indexOf(`id="${ids[0]}"`)
      expect(errorAt).toBeGreaterThan(-1)
      expect(html.slice(errorAt, errorAt + 200)).toContain(locale === 'en' ? 'creditCode fails the GB 32100 check' : '统一社会信用代码应为 18 位且校验位正确')
      expect(control(html, 'level')).toContain('aria-invalid="true"')
      expect(control(html, 'name')).not.toContain('aria-invalid')
      expect(control(html, 'name')).toContain('value="新局"')
      expect(html).toContain(locale === 'en' ? '2 fields need changes' : '有 2 处需要修改')
    }
  })
})
