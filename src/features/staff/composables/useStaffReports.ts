/**
 * Staff report work over the network (no offline here: upload, review and publish need the server).
 * The upload sends the file's raw bytes so the server decodes GBK pages exactly as the CLI does.
 */
import type { ReportSummary, StaffReportView } from '~/shared/api'
import { shallowRef } from 'vue'
import { ApiError } from '~/app/api'
import { useAsyncAction } from '~/app/composables/useAsyncAction'
import { REPORT_UPLOAD_MAX_BYTES } from '~/shared/api'
import { useStaffStore } from '../stores/staff'

export type StaffReportRow = ReportSummary & { visibility: 'draft' | 'public', problemCount: number }

export function useStaffReports(options: { fieldLabel?: (field: string) => string | undefined } = {}) {
  const staff = useStaffStore()
  const list = shallowRef<StaffReportRow[]>([])
  const action = useAsyncAction(options)

  const load = () => action.run(async () => {
    list.value = (await staff.request<{ reports: StaffReportRow[] }>('GET', '/api/staff/reports')).reports
  })

  /** Uploads one file; returns the draft's id. Too-large files are refused here, before sending. */
  const upload = (file: File, region: string) => action.run(async () => {
    if (file.size > REPORT_UPLOAD_MAX_BYTES)
      throw new ApiError('payload_too_large', 413, `${file.size} bytes`, 'file')
    const r = await staff.request<{ report: StaffReportView }>('POST', '/api/staff/reports', {
      query: { name: file.name, region: region.trim() },
      raw: { body: file, contentType: 'application/octet-stream' },
      timeoutMs: 120_000,
    })
    return r.report.id
  })

  return { list, load, upload, ...action }
}

/** What the last successful step on a report did, for the confirmation line. */
export type ReportNotice = { kind: 'saved' } | { kind: 'published', figures: number }

export function useStaffReport(options: { id: () => string }) {
  const staff = useStaffStore()
  const report = shallowRef<StaffReportView | null>(null)
  const notice = shallowRef<ReportNotice | null>(null)
  const action = useAsyncAction()

  function step(fn: () => Promise<void>) {
    notice.value = null
    return action.run(fn)
  }
  const url = () => `/api/staff/reports/${encodeURIComponent(options.id())}`
  const load = () => step(async () => {
    report.value = (await staff.request<{ report: StaffReportView }>('GET', url())).report
  })
  const review = (figures: { key: string, value: number }[]) => step(async () => {
    report.value = (await staff.request<{ report: StaffReportView }>('PATCH', `${url()}/figures`, { json: { figures } })).report
    notice.value = { kind: 'saved' }
  })
  const publish = () => step(async () => {
    // the version on screen: a report re-uploaded since is refused (409 stale_version), not published unread
    const r = await staff.request<{ report: StaffReportView, published: number }>('POST', `${url()}/publish`, { json: { version: report.value?.version } })
    report.value = r.report
    notice.value = { kind: 'published', figures: r.published }
  })
  return { report, notice, load, review, publish, ...action }
}
