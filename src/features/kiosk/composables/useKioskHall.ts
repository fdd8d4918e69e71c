/**
 * The agencies of this kiosk's hall (issue 14), live from the device's enrolment in IndexedDB, so
 * the apply form offers them offline. Empty on a phone, on a device not enrolled, or after staff
 * revoked the kiosk. A heartbeat refreshes them when a supervisor changes them (src/sync/kiosk.ts).
 */
import { computed } from 'vue'
import { useLiveQuery } from '~/app/composables/useLiveQuery'
import { watchHallAgencies } from '~/data/kiosk'

export function useKioskHall() {
  const { data, loading } = useLiveQuery(() => watchHallAgencies())
  return { agencyIds: computed(() => data.value ?? []), loading }
}
