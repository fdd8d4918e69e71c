/**
 * The staff calendar page's data: the calendar in force with its loaded versions, and loading a
 * year's schedule (JSON or CSV) as an admin. The server validates, versions, audits and recomputes
 * open cases; this only carries the text and shows the outcome.
 */
import type { ShallowRef } from 'vue'
import { shallowRef } from 'vue'
import { StaffHttpError, useStaffStore } from '../stores/staff'

export interface LoadedYear { year: number, version: number, source: string | null, loadedBy: string | null, loadedAt: string, holidays: number, makeUpWorkdays: number }
export interface CalendarInfo { calendarVersion: string, coveredYears: number[], loaded: LoadedYear[] }
export interface LoadOutcome { year: number, version: number, recomputed: number, changed: number, warnings: string[], unchanged: boolean }

export function useCalendarAdmin(): {
  info: ShallowRef<CalendarInfo | null>
  outcome: ShallowRef<LoadOutcome | null>
  error: ShallowRef<{ message: string, field?: string } | null>
  busy: ShallowRef<boolean>
  refresh: () => Promise<void>
  submit: (input: { year: number | null, source: string, format: 'csv' | 'json', text: string }) => Promise<void>
} {
  const staff = useStaffStore()
  const info = shallowRef<CalendarInfo | null>(null)
  const outcome = shallowRef<LoadOutcome | null>(null)
  const error = shallowRef<{ message: string, field?: string } | null>(null)
  const busy = shallowRef(false)

  async function refresh() {
    info.value = await staff.request<CalendarInfo>('GET', '/api/staff/calendar')
  }

  async function submit(input: { year: number | null, source: string, format: 'csv' | 'json', text: string }) {
    error.value = null
    outcome.value = null
    let body: Record<string, unknown>
    if (input.format === 'json') {
      let schedule: unknown
      try {
        schedule = JSON.parse(input.text)
      }
      catch {
        error.value = { message: 'json', field: 'schedule' }
        return
      }
      body = { schedule, ...(input.source ? { source: input.source } : {}) }
    }
    else {
      body = { csv: input.text, ...(input.year !== null ? { year: input.year } : {}), ...(input.source ? { source: input.source } : {}) }
    }
    busy.value = true
    try {
      outcome.value = await staff.request<LoadOutcome>('POST', '/api/staff/calendar/years', body)
      await refresh()
    }
    catch (e) {
      error.value = e instanceof StaffHttpError ? { message: e.message, field: e.field } : { message: (e as Error).message }
    }
    finally {
      busy.value = false
    }
  }
  return { info, outcome, error, busy, refresh, submit }
}
