/**
 * The staff calendar page's data: the calendar in force with its loaded versions, and loading a
 * year's schedule (JSON or CSV) as an admin. The server validates, versions, audits and recomputes
 * open cases; this only carries the text and shows the outcome. A refused schedule's problems come
 * from the shared parsers in both languages (the error's details), so the page can list them.
 */
import type { ShallowRef } from 'vue'
import { shallowRef } from 'vue'
import { useAsyncAction } from '~/app/composables/useAsyncAction'
import { useStaffStore } from '../stores/staff'

export interface LoadedYear { year: number, version: number, source: string | null, loadedBy: string | null, loadedAt: string, holidays: number, makeUpWorkdays: number }
export interface CalendarInfo { calendarVersion: string, coveredYears: number[], loaded: LoadedYear[] }
export interface LoadOutcome { year: number, version: number, recomputed: number, warnings: string[], unchanged: boolean }
export interface ScheduleProblem { field: string, message: string, messageZh: string }

export function useCalendarAdmin(options: { fieldLabel: (field: string) => string | undefined }) {
  const staff = useStaffStore()
  const info = shallowRef<CalendarInfo | null>(null)
  const outcome = shallowRef<LoadOutcome | null>(null)
  const badJson = shallowRef(false)
  const problems: ShallowRef<ScheduleProblem[]> = shallowRef([])
  const { busy, error, message, run } = useAsyncAction({ fieldLabel: options.fieldLabel })

  const refresh = () => run(async () => {
    info.value = await staff.request<CalendarInfo>('GET', '/api/staff/calendar')
  })

  async function submit(input: { year: number | null, source: string, format: 'csv' | 'json', text: string }) {
    outcome.value = null
    badJson.value = false
    problems.value = []
    let json: Record<string, unknown>
    if (input.format === 'json') {
      let schedule: unknown
      try {
        schedule = JSON.parse(input.text)
      }
      catch {
        badJson.value = true
        return
      }
      json = { schedule, ...(input.source ? { source: input.source } : {}) }
    }
    else {
      json = { csv: input.text, ...(input.year !== null ? { year: input.year } : {}), ...(input.source ? { source: input.source } : {}) }
    }
    const r = await run(() => staff.request<LoadOutcome>('POST', '/api/staff/calendar/years', { json }))
    if (r) {
      outcome.value = r
      await refresh()
    }
    else {
      const d = error.value?.details as { errors?: ScheduleProblem[] } | undefined
      problems.value = Array.isArray(d?.errors) ? d.errors : []
    }
  }
  void refresh()
  return { info, outcome, problems, badJson, busy, message, refresh, submit }
}
