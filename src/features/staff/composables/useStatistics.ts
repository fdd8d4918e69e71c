/**
 * A year's statistics for the staff statistics page: the 收到和处理 table and the 复议/诉讼 counts,
 * refetched when the year, agency or template changes; publishing the figures and recording a
 * reconsideration or lawsuit refetch them.
 */
import type { Ref } from 'vue'
import type { RequestTable, ReviewTable } from '~/shared/statistics'
import { computed, shallowRef, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { withQuery } from '~/app/api'
import { useAsyncAction } from '~/app/composables/useAsyncAction'
import { useStaffStore } from '../stores/staff'

export interface StatisticsResponse { requests: RequestTable, reviews: ReviewTable, agencies: string[], publishedAt: string | null }
export interface StatisticsFilters { year: number, agency: string, layout: '2021' | '2019' }
export interface ReviewRecordInput { kind: string, filedDate: string, result: string, concludedDate: string }

const FIELD_KEYS: Record<string, string> = { year: 'review.year', filedDate: 'review.filedDate', concludedDate: 'review.concludedDate', result: 'review.result', kind: 'review.reviewKind' }

export function useStatistics(options: { filters: Ref<StatisticsFilters> }) {
  const { t } = useI18n()
  const staff = useStaffStore()
  const data = shallowRef<StatisticsResponse | null>(null)
  const { busy, message, run } = useAsyncAction({ fieldLabel: f => FIELD_KEYS[f] && t(FIELD_KEYS[f]) })
  const query = computed(() => ({ year: options.filters.value.year, layout: options.filters.value.layout, agency: options.filters.value.agency }))
  /** The CSV download link for the same selection. */
  const csvUrl = computed(() => withQuery('/api/staff/statistics/csv', query.value))

  const fetchTables = async () => {
    data.value = await staff.request<StatisticsResponse>('GET', '/api/staff/statistics', { query: query.value })
  }
  const load = () => run(fetchTables)
  const agencyPart = () => (options.filters.value.agency ? { agency: options.filters.value.agency } : {})

  const publish = () => run(async () => {
    await staff.request('POST', '/api/staff/statistics/publish', { json: { year: options.filters.value.year, layout: options.filters.value.layout, ...agencyPart() } })
    await fetchTables()
  })

  /** Records a 行政复议 or 行政诉讼; true when stored. */
  const addReview = async (r: ReviewRecordInput) => !!await run(async () => {
    await staff.request('POST', '/api/staff/reviews', { json: { kind: r.kind, filedDate: r.filedDate, result: r.result || null, concludedDate: r.concludedDate || null, ...agencyPart() } })
    await fetchTables()
    return true
  })

  watch(query, () => void load(), { immediate: true, deep: true })
  return { data, busy, message, csvUrl, publish, addReview }
}
