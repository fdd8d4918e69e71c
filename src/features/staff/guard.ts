/**
 * The one guard for staff pages. Every route under the staff layout names the capability it needs
 * in `meta.staff`; entering one first restores the session (a reload keeps only the httpOnly cookie)
 * and sends a signed-out visitor to the sign-in page, with the page to return to. Whether the role
 * has the capability is decided by `StaffLayout`, which shows the one "no access" block instead of
 * the page (the server enforces it again on every request).
 */
import type { NavigationGuard } from 'vue-router'
import type { Capability, StaffRole } from '~/shared/review/roles'
import { can } from '~/shared/review/roles'
import { useStaffStore } from './stores/staff'

declare module 'vue-router' {
  interface RouteMeta {
    /** The i18n key of the page's document title. */
    titleKey?: string
    /** The staff capability a page needs (see shared/review/roles.ts). */
    staff?: Capability
  }
}

export const requireStaffSession: NavigationGuard = async (to) => {
  const staff = useStaffStore()
  if (await staff.restore()) {
    // /staff is the queue; a role without it (an admin) lands on its own start page instead of "no access".
    if (to.name === 'staff-queue' && !can(staff.user?.role, 'readCases'))
      return { name: staffHome(staff.user?.role) }
    return true
  }
  return { name: 'staff-sign-in', query: { next: to.fullPath } }
}

/** The page a role starts on: the queue for case workers, the admin page for admins. */
export function staffHome(role: StaffRole | null | undefined): 'staff-queue' | 'staff-admin' | 'staff-statistics' {
  if (can(role, 'readCases'))
    return 'staff-queue'
  return can(role, 'admin') ? 'staff-admin' : 'staff-statistics'
}
