/**
 * The kiosk self-check form: staff type something here, walk away, and see it gone after the idle
 * reset. It saves as you type into a session-scoped table, exactly like an application draft.
 */
import type { KioskCheckRow } from '~/data/db'
import { onScopeDispose, reactive, shallowRef, toRaw, watch } from 'vue'
import { loadKioskCheck, saveKioskCheck } from '~/data/kiosk-check'

export type KioskCheckForm = Pick<KioskCheckRow, 'name' | 'phone' | 'note'>

export function useKioskCheck() {
  const form = reactive<KioskCheckForm>({ name: '', phone: '', note: '' })
  const loaded = shallowRef(false)
  const saved = shallowRef(false)
  let timer: ReturnType<typeof setTimeout> | undefined

  void loadKioskCheck().then((row) => {
    if (row)
      Object.assign(form, { name: row.name, phone: row.phone, note: row.note })
    loaded.value = true
  })

  async function flush() {
    clearTimeout(timer)
    timer = undefined
    await saveKioskCheck({ ...toRaw(form) })
    saved.value = true
  }

  const stop = watch(form, () => {
    if (!loaded.value)
      return
    saved.value = false
    clearTimeout(timer)
    timer = setTimeout(() => void flush(), 300)
  })

  onScopeDispose(() => {
    stop()
    // Leaving the page saves what was typed (the kiosk reset navigates home before it wipes).
    if (timer)
      void flush()
  })

  return { form, loaded, saved, flush }
}
