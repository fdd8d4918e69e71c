/** Session/UI state of the shell: connectivity, sync activity and a waiting app update. */
import { defineStore } from 'pinia'
import { ref } from 'vue'

export type SyncState = 'idle' | 'syncing' | 'error'

export const useStatusStore = defineStore('status', () => {
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine)
  const sync = ref<SyncState>('idle')
  const syncError = ref<string | null>(null)
  /** A long download in progress (the first catalog download): changes done and expected. */
  const download = ref<{ done: number, total: number } | null>(null)
  /** The last download stopped because the disk is full. */
  const storageFull = ref(false)
  const updateAvailable = ref(false)
  /** Set by the PWA module: activates the waiting service worker and reloads. */
  const applyUpdate = ref<(() => Promise<void>) | null>(null)
  return { online, sync, syncError, download, storageFull, updateAvailable, applyUpdate }
})
