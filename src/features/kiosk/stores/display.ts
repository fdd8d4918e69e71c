/** Font size (大 / 中 / 小) and high contrast: UI state, mirrored onto <html> by the display module. */
import { defineStore } from 'pinia'
import { ref } from 'vue'

export const FONT_SIZES = ['large', 'medium', 'small'] as const
export type FontSize = typeof FONT_SIZES[number]

export const useDisplayStore = defineStore('display', () => {
  const fontSize = ref<FontSize>('medium')
  const highContrast = ref(false)
  return { fontSize, highContrast }
})
