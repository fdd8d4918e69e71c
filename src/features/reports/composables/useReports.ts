import type { MaybeRefOrGetter } from 'vue'
import { toValue } from 'vue'
import { useLiveQuery } from '~/app/composables/useLiveQuery'
import { watchReport, watchReports, watchReportsByIds } from '~/data/reports'

export type { ReportListItem } from '~/data/reports'

/** Reports held on this device, live: re-renders as sync brings new ones. */
export function useReports() {
  const { data, loading } = useLiveQuery(() => watchReports())
  return { reports: data, loading }
}

/** One report with its full text, live. */
export function useReport(options: { id: MaybeRefOrGetter<string> }) {
  const { data, loading } = useLiveQuery(() => watchReport(toValue(options.id)))
  return { report: data, loading }
}

/** The reports chosen for comparison, live. */
export function useReportSet(options: { ids: MaybeRefOrGetter<readonly string[]> }) {
  const { data, loading } = useLiveQuery(() => watchReportsByIds(toValue(options.ids)))
  return { reports: data, loading }
}
