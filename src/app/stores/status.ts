/** Session/UI state of the shell: connectivity, sync activity and a waiting app update. */
import { defineStore } from 'pinia'
import { ref } from 'vue'

export type SyncState = 'idle' | 'syncing' | 'error'

export const useStatusStore = defineStore('status', () => {
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine)
  const sync = ref<SyncState>('idle')
  const syncError = ref<string | null>(null)
  const updateAvailable = ref(false)
  /** Set by the PWA module: activates the waiting service worker and reloads. */
  const applyUpdate = ref<(() => Promise<void>) | null>(null)
  return { online, sync, syncError, updateAvailable, applyUpdate }
})
