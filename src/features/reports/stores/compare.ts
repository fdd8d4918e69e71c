/** Reports chosen for comparison on the list page (UI state only; records stay in Dexie). */
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'

export const COMPARE_MAX = 6

export const useCompareStore = defineStore('reports-compare', () => {
  const ids = shallowRef<string[]>([])
  function toggle(id: string) {
    ids.value = ids.value.includes(id) ? ids.value.filter(x => x !== id) : [...ids.value, id].slice(-COMPARE_MAX)
  }
  function clear() {
    ids.value = []
  }
  return { ids, toggle, clear }
})
