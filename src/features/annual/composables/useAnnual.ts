/**
 * Annual report drafts for the staff pages: the year's agencies with their status (the 31 January
 * overview), generating a draft, and one draft's edits, figure sources and publishing. Every
 * change answers with the whole draft view (text, citizens' preview, check), which replaces ours.
 */
import type { MaybeRefOrGetter } from 'vue'
import type { AnnualSection, AnnualTables } from '~/shared/annual'
import type { ReportDetail } from '~/shared/api'
import { shallowRef, toValue, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { useAsyncAction } from '~/app/composables/useAsyncAction'
import { useStaffStore } from '~/features/staff/stores/staff'

export interface OverviewRow { agencyId: string, agency: string, draftId: string | null, reportId: string | null, publishedOn: string | null, onTime: boolean }
export interface Overview { year: number, deadline: string, agencies: OverviewRow[] }
export interface CheckFailure { kind: string, message: string, keys: string[] }
export interface DraftView {
  draft: { id: string, agency: string, agencyId: string, year: number, template: '2019' | '2021', version: number, sections: Record<AnnualSection, string>, figures: Record<string, number>, tables: AnnualTables, sourceKeys: string[], updatedBy: string | null, publishedAt: string | null, publishedVersion: number | null, reportId: string | null }
  text: string
  preview: ReportDetail
  check: { ok: boolean, failures: CheckFailure[] }
}
export interface Sources { key: string, value: number | null, applications: { id: string, trackingCode: string, receiptDate: string | null }[], catalog: { id: string, indexNo: string, title: string }[], appeals: { id: string, kind: string, filedDate: string }[] }

const FIELDS: Record<string, string> = { year: 'annual.year', agencyId: 'annual.agency', sections: 'annual.sections', version: 'annual.version', adminFeesWan: 'annual.adminFees' }

/** The year's agencies and their drafts; `generate` resolves to the draft id. */
export function useAnnualOverview(options: { year: MaybeRefOrGetter<number> }) {
  const { t } = useI18n()
  const staff = useStaffStore()
  const overview = shallowRef<Overview | null>(null)
  const { busy, message, run } = useAsyncAction({ fieldLabel: f => FIELDS[f] && t(FIELDS[f]) })
  const load = () => run(async () => {
    overview.value = await staff.request<Overview>('GET', '/api/staff/annual/overview', { query: { year: toValue(options.year) } })
  })
  const generate = (agencyId: string) => run(async () => (await staff.request<DraftView>('POST', '/api/staff/annual', { json: { agencyId, year: toValue(options.year) } })).draft.id)
  watch(() => toValue(options.year), () => void load(), { immediate: true })
  return { overview, busy, message, generate }
}

/** One draft: load, edit, redraft 一, the records behind a figure, publish. */
export function useAnnualDraft(options: { id: MaybeRefOrGetter<string> }) {
  const { t } = useI18n()
  const staff = useStaffStore()
  const view = shallowRef<DraftView | null>(null)
  const sources = shallowRef<Sources | null>(null)
  const { busy, message, run } = useAsyncAction({ fieldLabel: f => FIELDS[f] && t(FIELDS[f]) })
  const base = () => `/api/staff/annual/${encodeURIComponent(toValue(options.id))}`
  const load = () => run(async () => {
    view.value = await staff.request<DraftView>('GET', base())
  })
  const save = (sections: Partial<Record<AnnualSection, string>>, adminFeesWan: number) => run(async () => {
    view.value = await staff.request<DraftView>('PATCH', base(), { json: { version: view.value!.draft.version, sections, adminFeesWan } })
    return true
  })
  const redraft = () => run(async () => {
    view.value = await staff.request<DraftView>('POST', `${base()}/redraft`, { json: { version: view.value!.draft.version } })
  })
  const publish = () => run(async () => {
    view.value = await staff.request<DraftView>('POST', `${base()}/publish`, { json: { version: view.value!.draft.version } })
    return true
  })
  const showSources = (key: string) => run(async () => {
    sources.value = await staff.request<Sources>('GET', `${base()}/sources`, { query: { key } })
  })
  watch(() => toValue(options.id), () => void load(), { immediate: true })
  return { view, sources, busy, message, save, redraft, publish, showSources, closeSources: () => (sources.value = null) }
}
