// Staff roles and what each may do. Separation of duties: reviewers and supervisors work cases;
// only a supervisor (the head of the disclosure office, Art. 33) approves extensions; admins manage
// accounts, settings and the audit log but do not decide cases or read personal data; the platform
// office (政务公开办) reads every agency's queue and figures but takes no step.

/** The staff roles. */
export const STAFF_ROLES = {
  reviewer: { zh: '经办人', en: 'Reviewer' },
  supervisor: { zh: '负责人', en: 'Supervisor' },
  admin: { zh: '管理员', en: 'Administrator' },
  /** 政务公开办: oversees every agency of the platform, read-only (no case steps, no personal data). */
  platform: { zh: '政务公开办', en: 'Platform office' },
} as const
/** A staff role key. */
export type StaffRole = keyof typeof STAFF_ROLES
/** Roles in display order. */
export const STAFF_ROLE_KEYS = Object.keys(STAFF_ROLES) as StaffRole[]

/** True if `v` is a role key. */
export function isStaffRole(v: unknown): v is StaffRole {
  return typeof v === 'string' && Object.hasOwn(STAFF_ROLES, v)
}

/** Capabilities, each granted to a fixed set of roles (the server enforces; the client hides). */
export const CAPABILITIES = {
  /** See the queue and case pages (personal data masked). */
  readCases: ['reviewer', 'supervisor', 'platform'],
  /** See the year's statistics tables. */
  readStatistics: ['reviewer', 'supervisor', 'admin', 'platform'],
  /** Record case steps and decisions; reveal personal data. */
  workCases: ['reviewer', 'supervisor'],
  /** Take a step the law no longer allows (a late extension or 补正 request), with a recorded reason. */
  overrideLateStep: ['supervisor'],
  /** Approve or refuse an extension request. */
  approveExtension: ['supervisor'],
  /** Record reconsiderations and lawsuits. */
  recordReviews: ['reviewer', 'supervisor'],
  /** Publish a year's figures, and an uploaded annual report with its confirmed figures. */
  publishFigures: ['supervisor', 'admin'],
  /** Upload an annual report and confirm or correct its figures (publishing is publishFigures). */
  importReports: ['reviewer', 'supervisor', 'admin'],
  /** Manage accounts and settings, read the audit log. */
  admin: ['admin'],
  /** Load a year's official holiday schedule into the working-day calendar. */
  manageCalendar: ['admin'],
  /** Create, edit, withdraw and bulk-import disclosure catalog entries, agencies and categories. */
  manageCatalog: ['admin'],
  /** Enrol and revoke the service hall's kiosks, see receipts whose kiosk time was not believed. */
  manageKiosks: ['supervisor', 'admin'],
} as const satisfies Record<string, readonly StaffRole[]>
/** A capability key. */
export type Capability = keyof typeof CAPABILITIES

/** True if `role` has `cap`. */
export function can(role: StaffRole | null | undefined, cap: Capability): boolean {
  return !!role && (CAPABILITIES[cap] as readonly StaffRole[]).includes(role)
}
