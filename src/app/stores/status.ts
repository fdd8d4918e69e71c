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
  /**
   * Set by the PWA module: activates the waiting service worker, then reloads (or, with `to`,
   * replaces the page with that URL: a kiosk reset lands on home).
   */
  const applyUpdate = ref<((opts?: { to?: string }) => Promise<void>) | null>(null)
  /** Whether the browser granted persistent storage; null until asked (or when it cannot say). */
  const persisted = ref<boolean | null>(null)
  return { online, sync, syncError, download, storageFull, updateAvailable, applyUpdate, persisted }
})
