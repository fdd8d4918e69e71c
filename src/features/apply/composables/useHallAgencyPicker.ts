/**
 * The apply form's agency choice on a kiosk (issue 14): the hall's agencies as large choices, the
 * first pre-filled unless the citizen came with an agency already named (a catalog entry, a report,
 * an agency page: that one wins), and 其他机关 opening the searchable whole directory. The rules
 * are the pure functions of src/shared/agencies/hall.ts; this wires them to the form.
 */
import type { Ref } from 'vue'
import type { Agency } from '~/shared/agencies'
import { computed, watch } from 'vue'
import { useKioskHall } from '~/features/kiosk/composables/useKioskHall'
import { chooseHallAgency, hallAgencies, hallChoice, initialAgency } from '~/shared/agencies'

export function useHallAgencyPicker(options: { general: { agencyId: string }, byId: Ref<ReadonlyMap<string, Agency>>, directoryLoading: Ref<boolean> }) {
  const g = options.general
  const { agencyIds, loading } = useKioskHall()
  const hall = computed(() => hallAgencies(agencyIds.value, options.byId.value))
  const choice = computed({
    get: () => hallChoice(g.agencyId, hall.value),
    set: (v) => {
      if (v !== null)
        g.agencyId = chooseHallAgency(g.agencyId, v, hall.value)
    },
  })
  // The default is filled in once, when both the enrolment and the directory have been read: a
  // citizen who then taps 其他机关 (clearing it) is not overruled.
  let defaulted = false
  watch([loading, options.directoryLoading], ([hallLoading, dirLoading]) => {
    if (defaulted || hallLoading || dirLoading)
      return
    defaulted = true
    g.agencyId = initialAgency(g.agencyId, hall.value)
  }, { immediate: true })
  return { hall, choice }
}
