/**
 * The apply form composable in an effect scope over (fake) IndexedDB and real WebCrypto: what is
 * typed is autosaved as an encrypted draft and comes back in a new scope (a reload), errors show
 * only for touched fields or after a submit attempt and never clear a value, a valid submit seals
 * the application into the outbox and drops the draft, prefill links a catalog entry once, start
 * over empties form and draft, and a rejected application's server reasons stay until edited.
 */
import type { EffectScope } from 'vue'
import type { UseApplyForm, UseApplyFormOptions } from '~/features/apply/composables/useApplyForm'
import Dexie from 'dexie'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick } from 'vue'
import { getApplication, markRejected, queueApplication } from '~/data/applications'
import { closeDb, getDb } from '~/data/db'
import { cacheApplicationKey } from '~/data/device'
import { loadDraft } from '~/data/drafts'
import { STORAGE } from '~/data/keys'
import { useApplyForm } from '~/features/apply/composables/useApplyForm'
import { generateAgencyKey, trackingCodeFor, uuidv7 } from '~/shared/submission'

// The composable listens for pagehide and visibilitychange (to flush a pending draft save). Node
// has EventTarget but no window or document: give it the two event targets and nothing more.
const g = globalThis as unknown as { window?: EventTarget, document?: EventTarget & { visibilityState: string } }
beforeAll(async () => {
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

/** The form in a fresh scope (a page opening), once its draft has been restored. */
async function open(options: UseApplyFormOptions = {}): Promise<UseApplyForm> {
  scope?.stop()
  scope = effectScope()
  const form = scope.run(() => useApplyForm({ saveDelayMs: 10, ...options }))!
  await vi.waitFor(() => expect(form.ready.value).toBe(true))
  return form
}

function fillValid(f: UseApplyForm): void {
  Object.assign(f.form.personal, { name: '张三', idNumber: '11010519491231002X', phone: '13800138000' })
  f.form.general.description = '请公开本机关2024年老旧小区改造项目的资金使用情况。'
}

describe('useApplyForm', () => {
  it('autosaves what is typed and restores it in a new scope', async () => {
    const f = await open()
    f.form.personal.name = '李四'
    f.form.general.description = '请公开某项目的审批文件'
    await vi.waitFor(async () => expect((await loadDraft('apply'))?.personal).toMatchObject({ name: '李四' }))
    expect(f.savedAt.value).not.toBeNull()

    const again = await open()
    expect(again.form.personal.name).toBe('李四')
    expect(again.form.general.description).toBe('请公开某项目的审批文件')
  })

  it('a pending save is written when the scope ends (leaving the page)', async () => {
    const f = await open({ saveDelayMs: 60_000 })
    f.form.personal.phone = '13900139000'
    await nextTick()
    scope!.stop()
    await vi.waitFor(async () => expect((await loadDraft('apply'))?.personal).toMatchObject({ phone: '13900139000' }))
  })

  it('shows errors for touched fields, all of them after a submit attempt, and keeps every value', async () => {
    const f = await open()
    f.form.personal.phone = '123'
    expect(f.errors.value).toEqual({})
    f.touch('personal.phone')
    expect(Object.keys(f.errors.value)).toEqual(['personal.phone'])

    expect(await f.submit()).toBeNull()
    expect(Object.keys(f.errors.value)).toEqual(expect.arrayContaining(['personal.name', 'personal.idNumber', 'general.description']))
    expect(f.errors.value['personal.name']!.message).toMatch(/[\u4E00-\u9FFF]/)
    expect(f.errors.value['personal.name']!.messageEn).toMatch(/[a-z]/i)
    expect(f.form.personal.phone).toBe('123')
    expect(await getDb().applications.count()).toBe(0)
  })

  it('a valid submit seals the application into the outbox and drops the draft', async () => {
    const f = await open()
    fillValid(f)
    await vi.waitFor(async () => expect(await loadDraft('apply')).toBeDefined())
    const id = await f.submit()
    expect(id).toBeTruthy()
    expect(f.submitFailed.value).toBe(false)
    const rec = await getApplication(id!)
    expect(rec).toMatchObject({ state: 'queued', trackingCode: trackingCodeFor(id!), channel: 'online' })
    // Sealed: the personal part is ciphertext, never the name.
    expect(JSON.stringify(rec!.personal)).not.toContain('张三')
    expect(await loadDraft('apply')).toBeUndefined()
    // An edit after submitting does not write the draft back.
    f.form.personal.name = '王五'
    await new Promise(r => setTimeout(r, 50))
    expect(await loadDraft('apply')).toBeUndefined()
  })

  it('links a catalog entry from the prefill once, and starts the description only when empty', async () => {
    const prefill = { indexNo: 'X-2024-001', title: '某项目批复', description: '请公开“某项目批复”' }
    const f = await open({ prefill })
    expect(f.form.general.catalogRefs).toEqual([{ indexNo: 'X-2024-001', docNo: '', title: '某项目批复' }])
    expect(f.form.general.description).toBe('请公开“某项目批复”')
    f.form.general.description = '我自己的描述'
    await vi.waitFor(async () => expect((await loadDraft('apply'))?.general).toMatchObject({ description: '我自己的描述' }))

    const again = await open({ prefill })
    expect(again.form.general.catalogRefs).toHaveLength(1)
    expect(again.form.general.description).toBe('我自己的描述')
  })

  it('start over empties the form and its draft', async () => {
    const f = await open()
    fillValid(f)
    await vi.waitFor(async () => expect(await loadDraft('apply')).toBeDefined())
    await f.reset()
    expect(f.form.personal.name).toBe('')
    expect(f.form.general.description).toBe('')
    expect(await loadDraft('apply')).toBeUndefined()
  })

  it('correcting a rejected application shows the server\'s reasons until the field is edited', async () => {
    const id = uuidv7()
    await queueApplication({ id, state: 'queued', trackingCode: trackingCodeFor(id), channel: 'online', createdAt: new Date().toISOString(), general: { description: '太短', applicantType: 'natural' }, attempts: 0, nextAttemptAt: 0, status: 'submitted' })
    const reason = { field: 'general.description', code: 'too_short', message: '请写明所需信息', messageEn: 'Say what you need' }
    await markRejected(id, { code: 'invalid_application', message: 'x', errors: [reason] })

    const f = await open({ correcting: id })
    expect(f.form.general.description).toBe('太短')
    expect(f.errors.value['general.description']).toEqual(reason)
    f.form.general.description = '请公开本机关2024年老旧小区改造项目的资金使用情况。'
    f.touch('general.description')
    expect(f.errors.value['general.description']).toBeUndefined()
  })
})
