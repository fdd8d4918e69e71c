/**
 * A year's statistics for the staff statistics page: the 收到和处理 table and the 复议/诉讼 counts,
 * refetched when the year, agency or template changes; publishing the figures and recording a
 * reconsideration or lawsuit refetch them.
 */
import type { Ref } from 'vue'
import type { AppealTable, RequestTable } from '~/shared/statistics'
import { computed, shallowRef, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { withQuery } from '~/app/api'
import { useAsyncAction } from '~/app/composables/useAsyncAction'
import { useStaffStore } from '../stores/staff'

export interface StatisticsResponse {
  requests: RequestTable
  reviews: AppealTable
  /** Agency names on the cases (before the directory, and names given at registration). */
  agencies: string[]
  /** The table's directory agency, or null for a table asked for by name. */
  agencyId: string | null
  /** The directory agencies this account may choose, by id (a renamed agency keeps its figures). */
  agencyOptions: { id: string, name: string }[]
  publishedAt: string | null
}
/** `agency`: '' (the account's default), `id:<directory id>`, or `name:<name on cases>` for one outside the directory. */
export interface StatisticsFilters { year: number, agency: string, layout: '2021' | '2019' }
export interface ReviewRecordInput { kind: string, filedDate: string, result: string, concludedDate: string }

const FIELD_KEYS: Record<string, string> = { year: 'review.year', filedDate: 'review.filedDate', concludedDate: 'review.concludedDate', result: 'review.result', kind: 'review.reviewKind' }

export function useStatistics(options: { filters: Ref<StatisticsFilters> }) {
  const { t } = useI18n()
  const staff = useStaffStore()
  const data = shallowRef<StatisticsResponse | null>(null)
  const { busy, message, run } = useAsyncAction({ fieldLabel: f => FIELD_KEYS[f] && t(FIELD_KEYS[f]) })
  /** The selector's value as the API's parameter: a directory id, else a name. */
  const which = (v: string) => v.startsWith('id:') ? { agencyId: v.slice(3) } : v.startsWith('name:') ? { agency: v.slice(5) } : {}
  const query = computed(() => ({ year: options.filters.value.year, layout: options.filters.value.layout, ...which(options.filters.value.agency) }))
  /** The CSV download link for the same selection. */
  const csvUrl = computed(() => withQuery('/api/staff/statistics/csv', query.value))

  const fetchTables = async () => {
    data.value = await staff.request<StatisticsResponse>('GET', '/api/staff/statistics', { query: query.value })
  }
  const load = () => run(fetchTables)
  const agencyPart = () => which(options.filters.value.agency)
  // A record belongs to the agency of the table shown (a scoped account's default too). Records name
  // their agency as text; the server links that name to its directory id.
  const appealAgency = () => (data.value ? { agency: data.value.requests.agency } : {})

  const publish = () => run(async () => {
    await staff.request('POST', '/api/staff/statistics/publish', { json: { year: options.filters.value.year, layout: options.filters.value.layout, ...agencyPart() } })
    await fetchTables()
  })

  /** Records a 行政复议 or 行政诉讼; true when stored. */
  const addReview = async (r: ReviewRecordInput) => !!await run(async () => {
    await staff.request('POST', '/api/staff/reviews', { json: { kind: r.kind, filedDate: r.filedDate, result: r.result || null, concludedDate: r.concludedDate || null, ...appealAgency() } })
    await fetchTables()
    return true
  })

  watch(query, () => void load(), { immediate: true, deep: true })
  return { data, busy, message, csvUrl, publish, addReview }
}
