/**
 * The apply form's marks, rendered (Vue's server renderer: no DOM needed) from the real form
 * composable over fake IndexedDB: an invalid field carries `aria-invalid` and points
 * `aria-describedby` at its message, the message has a text icon besides its colour, and the
 * description shows a live count against its 2,000-character limit in both languages.
 */
import type { EffectScope } from 'vue'
import type { UseApplyForm } from '~/features/apply/composables/useApplyForm'
import Dexie from 'dexie'
import { createPinia } from 'pinia'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createSSRApp, effectScope, h } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { createAppI18n } from '~/app/modules/i18n'
import { closeDb } from '~/data/db'
import { cacheApplicationKey } from '~/data/device'
import { STORAGE } from '~/data/keys'
import ApplyApplicantSection from '~/features/apply/components/ApplyApplicantSection.vue'
import ApplyRequestSection from '~/features/apply/components/ApplyRequestSection.vue'
import { APPLY_FORM, useApplyForm } from '~/features/apply/composables/useApplyForm'
import { generateAgencyKey } from '~/shared/submission'

const g = globalThis as unknown as { window?: EventTarget, document?: EventTarget & { visibilityState: string } }
beforeAll(() => {
  g.window ??= new EventTarget()
  g.document ??= Object.assign(new EventTarget(), { visibilityState: 'visible' })
})

let scope: EffectScope | undefined
beforeEach(async () => {
  closeDb()
  await Dexie.delete(STORAGE.dbName)
  await cacheApplicationKey((await generateAgencyKey()).publicKey)
})
afterEach(() => {
  scope?.stop()
  scope = undefined
  closeDb()
})

async function openForm(): Promise<UseApplyForm> {
  scope = effectScope()
  const form = scope.run(() => useApplyForm({ saveDelayMs: 10 }))!
  await vi.waitFor(() => expect(form.ready.value).toBe(true))
  return form
}

async function render(form: UseApplyForm, section: object, locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<string> {
  const app = createSSRApp({ render: () => h(section) })
  app.use(createAppI18n(locale))
  app.use(createPinia())
  app.provide(APPLY_FORM, form)
  return renderToString(app)
}

/** The attributes of the element whose id is given (the renderer writes ids as id="..."). */
function tagWithId(html: string, id: string): string {
  const m = html.match(new RegExp(`<[a-z]+[^>]*\\sid="${id}"[^>]*>`))
  expect(m, `no element #${id}`).not.toBeNull()
  return m![0]
}

describe('apply form marks', () => {
  it('a valid-looking untouched field carries no invalid mark', async () => {
    const form = await openForm()
    const html = await render(form, ApplyRequestSection)
    expect(tagWithId(html, 'f-general-description')).not.toContain('aria-invalid')
    expect(html).not.toContain('apply-field--invalid')
  })

  it('an invalid field is marked: aria-invalid, described by its message, an icon beside the colour', async () => {
    const form = await openForm()
    form.form.personal.phone = '123'
    form.touch('personal.phone')
    form.touch('general.description')
    for (const [section, id] of [[ApplyApplicantSection, 'f-personal-phone'], [ApplyRequestSection, 'f-general-description']] as const) {
      const html = await render(form, section)
      const control = tagWithId(html, id)
      expect(control).toContain('aria-invalid="true"')
      const describedBy = control.match(/aria-describedby="([^"]+)"/)![1]!.split(' ')
      expect(describedBy).toContain(`${id}-err`)
      const err = html.slice(html.indexOf(`id="${id}-err"`))
      expect(err).toMatch(/^[^>]*>\s*<span class="apply-field__error-icon"[^>]*aria-hidden="true"[^>]*>!<\/span>\S/)
      expect(html).toContain('apply-field--invalid')
    }
    // The other fields of the section stay unmarked.
    expect(tagWithId(await render(form, ApplyApplicantSection), 'f-personal-address')).not.toContain('aria-invalid')
  })

  it('an unanswered required choice marks its radios and only them', async () => {
    const form = await openForm()
    form.form.general.delivery.form = ''
    await form.submit()
    expect(form.errors.value['general.delivery.form']).toBeDefined()
    const html = await render(form, ApplyRequestSection)
    expect(html.match(/<input[^>]*type="radio"[^>]*name="deliveryForm"[^>]*>/g)!.every(t => t.includes('aria-invalid="true"'))).toBe(true)
    expect(html.match(/<input[^>]*type="radio"[^>]*name="deliveryWay"[^>]*>/g)!.some(t => t.includes('aria-invalid'))).toBe(false)
  })

  it('the description counts characters live against its 2,000 limit, in both languages', async () => {
    const form = await openForm()
    form.form.general.description = '请公开𠀋'
    let html = await render(form, ApplyRequestSection)
    expect(html).toContain('已输入 4 / 2000 字')
    expect(tagWithId(html, 'f-general-description')).toMatch(/aria-describedby="[^"]*f-general-description-count/)
    expect(await render(form, ApplyRequestSection, 'en')).toContain('4 of 2000 characters')

    form.form.general.description = '字'.repeat(2001)
    html = await render(form, ApplyRequestSection)
    expect(html).toContain('已输入 2001 / 2000 字')
    expect(html).toMatch(/class="apply-field__count apply-field__count--over"/)
  })
})
