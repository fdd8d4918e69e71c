/**
 * The agency directory for admins: the stored directory (GET /api/admin/agencies: inactive agencies
 * and empty guides as they are), saving one agency (PUT /api/admin/agencies/:id) with its field
 * errors, and the CSV import (POST /api/admin/agencies/import) with its row errors.
 *
 * The server checks agencies with the shared `parseAgencyInput`, whose messages are written
 * "中文 (English)" for the person fixing a row; `messageLabel` splits them so each language shows
 * its own half. They are the only server words shown on screen: they name what is wrong in a
 * particular row (a parent that does not exist, a failed credit-code check), which no client-side
 * code could say for a file it has not parsed.
 */
import type { Agency, AgencyImportReport, AgencyLevel } from '~/shared/agencies/types'
import type { Label } from '~/shared/label'
import { shallowRef } from 'vue'
import { useAsyncAction } from '~/app/composables/useAsyncAction'
import { useStaffStore } from '../stores/staff'

/** The edit form's values: text boxes hold strings ('' = not given). */
export interface AgencyDraft {
  id: string
  name: string
  shortName: string
  orgCode: string
  creditCode: string
  level: AgencyLevel | ''
  region: string
  parentId: string
  officeName: string
  officeAddress: string
  officePhone: string
  officeHours: string
  guide: string
  active: boolean
}

export const emptyDraft = (): AgencyDraft => ({ id: '', name: '', shortName: '', orgCode: '', creditCode: '', level: '', region: '', parentId: '', officeName: '', officeAddress: '', officePhone: '', officeHours: '', guide: '', active: true })

/** A stored agency as form values. */
export function draftOf(a: Agency): AgencyDraft {
  return { id: a.id, name: a.name, shortName: a.shortName ?? '', orgCode: a.orgCode, creditCode: a.creditCode ?? '', level: a.level, region: a.region, parentId: a.parentId ?? '', officeName: a.officeName ?? '', officeAddress: a.officeAddress ?? '', officePhone: a.officePhone ?? '', officeHours: a.officeHours ?? '', guide: a.guide, active: a.active }
}

/** "中文 (English)" → { zh, en }; a message without an English half is shown whole in both. */
export function messageLabel(message: string): Label {
  const m = /^([\s\S]*\S)\s+\(([^()]+)\)$/.exec(message.trim())
  return m ? { zh: m[1]!, en: m[2]! } : { zh: message, en: message }
}

/** Field → message, from a 400's `details.errors` (or its one `field`). */
export type FieldErrors = Partial<Record<keyof AgencyDraft | string, Label>>

export function useAgencyAdmin() {
  const staff = useStaffStore()
  const agencies = shallowRef<Agency[]>([])
  const fieldErrors = shallowRef<FieldErrors>({})
  const report = shallowRef<AgencyImportReport | null>(null)
  const list = useAsyncAction()
  const saving = useAsyncAction()
  const importing = useAsyncAction()

  const load = () => list.run(async () => {
    agencies.value = (await staff.request<{ agencies: Agency[] }>('GET', '/api/admin/agencies')).agencies
  })

  /** Saves the draft; the stored agency, or null with `fieldErrors` (or `saving.message`) set. */
  async function save(draft: AgencyDraft): Promise<Agency | null> {
    fieldErrors.value = {}
    const opt = (s: string) => s.trim() || null
    const body = { name: draft.name, shortName: opt(draft.shortName), orgCode: draft.orgCode, creditCode: opt(draft.creditCode), level: draft.level, region: draft.region, parentId: opt(draft.parentId), officeName: opt(draft.officeName), officeAddress: opt(draft.officeAddress), officePhone: opt(draft.officePhone), officeHours: opt(draft.officeHours), guide: draft.guide, active: draft.active }
    const saved = await saving.run(() => staff.request<Agency>('PUT', `/api/admin/agencies/${encodeURIComponent(draft.id.trim())}`, { json: body }))
    const err = saving.error.value
    if (err?.code === 'invalid_field') {
      const listed = (err.details as { errors?: { field: string, message: string }[] } | undefined)?.errors
      const errors = listed ?? (err.field ? [{ field: err.field, message: err.message }] : [])
      fieldErrors.value = Object.fromEntries(errors.map(e => [e.field, messageLabel(e.message)]))
      if (errors.length)
        saving.clear()
    }
    if (!saved)
      return null
    agencies.value = [...agencies.value.filter(a => a.id !== saved.id), saved].sort((x, y) => x.id.localeCompare(y.id))
    return saved
  }

  /** Sends a CSV text; the server's report lands in `report`, and the list is read again. */
  async function importCsv(csv: string): Promise<boolean> {
    report.value = null
    const r = await importing.run(() => staff.request<AgencyImportReport>('POST', '/api/admin/agencies/import', { raw: { body: csv, contentType: 'text/csv' }, timeoutMs: 60_000 }))
    if (!r)
      return false
    report.value = r
    if (r.imported)
      await load()
    return true
  }

  void load()
  return { agencies, fieldErrors, report, list, saving, importing, save, importCsv, clearErrors: () => (fieldErrors.value = {}) }
}
