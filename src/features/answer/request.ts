import type { StatusEvent } from '~/shared/submission'

/** The text of the latest 补正 request in an application's public history (its note), if any. */
export function amendmentRequest(history: readonly StatusEvent[]): string | null {
  return [...history].reverse().find(h => h.status === 'amendmentRequested')?.note ?? null
}
