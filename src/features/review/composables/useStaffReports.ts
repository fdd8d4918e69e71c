/**
 * Staff report work over the network (no offline here: upload, review and publish need the server).
 * The upload sends the file's raw bytes so the server decodes GBK pages exactly as the CLI does.
 */
import type { ReportSummary, StaffReportView } from '~/shared/api'
import { shallowRef } from 'vue'
import { REPORT_UPLOAD_MAX_BYTES } from '~/shared/api'
import { StaffHttpError, useStaffStore } from '../stores/staff'

export type StaffReportRow = ReportSummary & { visibility: 'draft' | 'public', problemCount: number }

export function useStaffReports() {
  const staff = useStaffStore()
  const list = shallowRef<StaffReportRow[]>([])
  const error = shallowRef<{ message: string, field?: string } | null>(null)
  const busy = shallowRef(false)

  async function run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    busy.value = true
    error.value = null
    try {
      return await fn()
    }
    catch (e) {
      error.value = { message: (e as Error).message, field: (e as StaffHttpError).field }
      return undefined
    }
    finally {
      busy.value = false
    }
  }

  const load = () => run(async () => {
    list.value = (await staff.request<{ reports: StaffReportRow[] }>('GET', '/api/staff/reports')).reports
  })

  /** Uploads one file; returns the draft's id. Too-large files are refused here, before sending. */
  const upload = (file: File, region: string) => run(async () => {
    if (file.size > REPORT_UPLOAD_MAX_BYTES)
      throw new StaffHttpError(413, 'payload_too_large', 'tooLarge', 'file')
    const q = new URLSearchParams({ name: file.name, ...(region.trim() ? { region: region.trim() } : {}) })
    const res = await fetch(`/api/staff/reports?${q}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'accept': 'application/json', 'x-csrf-token': staff.csrf ?? '' },
      body: file,
      credentials: 'same-origin',
    })
    const json = await res.json().catch(() => undefined) as { report?: StaffReportView, error?: { code: string, message: string, field?: string } } | undefined
    if (!res.ok || !json?.report)
      throw new StaffHttpError(res.status, json?.error?.code ?? 'http', json?.error?.message ?? `HTTP ${res.status}`, json?.error?.field)
    return json.report.id
  })

  return { list, error, busy, load, upload }
}

export function useStaffReport(options: { id: () => string }) {
  const staff = useStaffStore()
  const report = shallowRef<StaffReportView | null>(null)
  const error = shallowRef<string | null>(null)
  const notice = shallowRef<string | null>(null)
  const busy = shallowRef(false)

  async function run(fn: () => Promise<void>) {
    busy.value = true
    error.value = null
    notice.value = null
    try {
      await fn()
    }
    catch (e) {
      error.value = (e as Error).message
    }
    finally {
      busy.value = false
    }
  }

  const url = () => `/api/staff/reports/${encodeURIComponent(options.id())}`
  const load = () => run(async () => {
    report.value = (await staff.request<{ report: StaffReportView }>('GET', url())).report
  })
  const review = (figures: { key: string, value: number }[]) => run(async () => {
    report.value = (await staff.request<{ report: StaffReportView }>('PATCH', `${url()}/figures`, { figures })).report
    notice.value = 'saved'
  })
  const publish = () => run(async () => {
    // the version on screen: a report re-uploaded since is refused (409) rather than published unread
    const r = await staff.request<{ report: StaffReportView, published: number }>('POST', `${url()}/publish`, { version: report.value?.version })
    report.value = r.report
    notice.value = `published:${r.published}`
  })
  return { report, error, notice, busy, load, review, publish }
}
