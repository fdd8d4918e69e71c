import type { AgencyInput } from '../../shared/agencies/input'
import type { Agency, AgencyImportReport, AgencyRowError } from '../../shared/agencies/types'
/**
 * Agency directory rules that need storage: a parent must exist (in the database or earlier in the
 * same import) and must not make a cycle; an import keeps its good rows and reports the bad ones by
 * row and field; the seed fills in the directory details of the seed agencies without overwriting
 * an administrator's edits.
 */
import type { FieldError } from '../../shared/catalog/input'
import type { Db, Queryable } from '../platform/db'
import type { Actor } from '../staff/cases/service'
import { readFile } from 'node:fs/promises'
import { standardGuide } from '../../shared/agencies/guide'
import { agencyRecord, parseAgencyInput } from '../../shared/agencies/input'
import { audit } from '../staff/store'
import { existingAgencyIds, getAgency, listAgencies, saveAgencies, setReportAgencies } from './store'

/** Thrown when an agency is valid on its own but not against the directory. */
export class AgencyConflict extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors[0]!.message)
  }
}

/** What citizens read: an agency with no guide of its own shows the standard one. */
export function withGuide(a: Agency): Agency {
  return a.guide ? a : { ...a, guide: standardGuide(a) }
}

export async function directory(db: Queryable): Promise<Agency[]> {
  return (await listAgencies(db)).map(withGuide)
}

/** Parent ids of the stored directory, to walk for cycles. */
async function parents(db: Queryable): Promise<Map<string, string | null>> {
  const { rows } = await db.query<{ id: string, parent_id: string | null }>('select id, parent_id from catalog_agencies')
  return new Map(rows.map(r => [r.id, r.parent_id]))
}

function cycle(parentOf: Map<string, string | null>, id: string): boolean {
  const seen = new Set<string>()
  for (let at: string | null | undefined = id; at; at = parentOf.get(at)) {
    if (seen.has(at))
      return true
    seen.add(at)
  }
  return false
}

/** Creates or replaces one agency (audited as `agency.save`); returns it as stored. */
export async function saveAgency(db: Db, input: AgencyInput, actor: Actor): Promise<Agency> {
  if (input.parentId) {
    const parentOf = await parents(db)
    if (!parentOf.has(input.parentId))
      throw new AgencyConflict([{ field: 'parentId', message: `没有编号为 ${input.parentId} 的上级机构 (unknown parent agency)` }])
    parentOf.set(input.id, input.parentId)
    if (cycle(parentOf, input.id))
      throw new AgencyConflict([{ field: 'parentId', message: '上级机构不能是本机构或其下级 (parent would make a cycle)' }])
  }
  const before = await getAgency(db, input.id)
  await saveAgencies(db, [input], tx => audit(tx, { actor: actor.user, action: 'agency.save', targetType: 'agency', targetId: input.id, ip: actor.ip, details: { name: input.name, created: !before, active: input.active } }))
  return (await getAgency(db, input.id))!
}

/**
 * Bulk import: each record checked alone, then against the directory plus the rows before it.
 * Good rows are stored together; `row` is the CSV line (header = 1) or the array index + 1.
 */
export async function importAgencies(db: Db, records: Record<string, unknown>[], firstRow: number, actor: Actor): Promise<AgencyImportReport> {
  const errors: AgencyRowError[] = []
  const good = new Map<string, AgencyInput>()
  const parentOf = await parents(db)
  const stored = new Set(parentOf.keys())
  records.forEach((rec, i) => {
    const row = firstRow + i
    const parsed = parseAgencyInput(rec)
    if (!parsed.ok) {
      errors.push(...parsed.errors.map(e => ({ row, ...e })))
      return
    }
    const a = parsed.value
    if (good.has(a.id)) {
      errors.push({ row, field: 'id', message: `编号 ${a.id} 在文件中重复 (duplicate id in this file)` })
      return
    }
    if (a.parentId && !parentOf.has(a.parentId)) {
      errors.push({ row, field: 'parentId', message: `没有编号为 ${a.parentId} 的上级机构（上级须在本行之前或已在名录中） (unknown parent agency)` })
      return
    }
    const before = parentOf.get(a.id)
    parentOf.set(a.id, a.parentId)
    if (cycle(parentOf, a.id)) {
      if (before === undefined)
        parentOf.delete(a.id)
      else parentOf.set(a.id, before)
      errors.push({ row, field: 'parentId', message: '上级机构不能是本机构或其下级 (parent would make a cycle)' })
      return
    }
    good.set(a.id, a)
  })
  // One entry per upload, written even when every row was refused: an attempt is worth recording.
  const ids = [...good.keys()]
  await saveAgencies(db, [...good.values()], tx => audit(tx, { actor: actor.user, action: 'agency.import', targetType: 'agency', ip: actor.ip, details: { rows: records.length, imported: ids.length, rejected: new Set(errors.map(e => e.row)).size, ids: ids.slice(0, 200) } }))
  return { imported: good.size, created: ids.filter(id => !stored.has(id)), updated: ids.filter(id => stored.has(id)), errors }
}

/** CSV records (header row = line 1) with Chinese column titles renamed to field names. */
export function csvAgencyRecords(records: Record<string, string>[]): Record<string, string>[] {
  return records.map(agencyRecord)
}

interface SeedAgency extends Record<string, unknown> { id: string }
interface SeedFile { agencies: SeedAgency[], entries: { agencyId: string, reportId?: string }[] }

/**
 * Fills in the seed agencies' directory details (level, region, office …) where the row has none
 * yet (region empty: a database seeded before the directory existed), then links each seed report
 * to its agency. Safe on every start: an agency an administrator has edited keeps the edits.
 */
export async function seedAgencyDirectory(db: Db, file: string): Promise<void> {
  const seed = JSON.parse(await readFile(file, 'utf8')) as SeedFile
  const { rows } = await db.query<{ id: string }>(`select id from catalog_agencies where region = ''`)
  const bare = new Set(rows.map(r => r.id))
  const fill: AgencyInput[] = []
  for (const a of seed.agencies.filter(a => bare.has(a.id))) {
    const parsed = parseAgencyInput(a)
    if (!parsed.ok)
      throw new Error(`seed agency ${a.id}: ${parsed.errors.map(e => `${e.field}: ${e.message}`).join('; ')}`)
    fill.push(parsed.value)
  }
  const known = await existingAgencyIds(db, fill.flatMap(a => a.parentId ? [a.parentId] : []))
  await saveAgencies(db, fill.map(a => a.parentId && !known.has(a.parentId) ? { ...a, parentId: null } : a))
  await setReportAgencies(db, seed.entries.flatMap(e => e.reportId ? [{ reportId: e.reportId, agencyId: e.agencyId }] : []))
}
