/** Sends a page to the sign-in page unless a staff session exists; returns whether it is ready. */
import type { Capability } from '~/shared/review/roles'
import { computed, shallowRef } from 'vue'
import { useRouter } from 'vue-router'
import { can } from '~/shared/review/roles'
import { useStaffStore } from '../stores/staff'

export function useStaffGuard(options: { cap: Capability }) {
  const staff = useStaffStore()
  const router = useRouter()
  const ready = shallowRef(false)
  const allowed = computed(() => can(staff.user?.role, options.cap))
  void staff.restore().then((ok) => {
    if (!ok)
      void router.replace({ name: 'staff-sign-in', query: { next: router.currentRoute.value.fullPath } })
    else
      ready.value = true
  })
  return { staff, ready, allowed }
}
