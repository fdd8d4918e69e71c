/**
 * Catalog administration: create, edit, withdraw, bulk import; agencies and categories. Staff with
 * the `manageCatalog` capability only (src/shared/review/roles.ts), signed in with the session
 * cookie and sending the CSRF token on writes. Every write lands in change_log, so devices pull it.
 */
import type { FastifyPluginAsync } from 'fastify'
import type { FieldError } from '../../shared/catalog/input'
import type { CatalogEntry } from '../../shared/catalog/types'
import type { AppContext } from '../platform/context'
import type { EntryRow } from './store'
import { csvRecords, ENTRY_ID, parseEntryInput } from '../../shared/catalog/input'
import { ApiError, badField, notFound } from '../platform/errors'
import { staffGuard } from '../staff/auth'
import { agencyExists, categoryOfAgencyExists, EntryConflict, findEntryIdByIndexNo, getEntry, resolveEntryInput, saveEntries, upsertAgencies, upsertCategories, withdrawEntry } from './store'

const IMPORT_LIMIT = 20 * 1024 * 1024
const IMPORT_MAX_ROWS = 20_000

function invalid(errors: FieldError[]): ApiError {
  return new ApiError(400, 'invalid_field', errors[0]!.message, errors[0]!.field, { errors })
}

function checkId(id: string): void {
  if (!ENTRY_ID.test(id))
    throw badField('id', '编号格式不正确 (malformed id)')
}

/** The editable fields of a stored entry, as an input object (for PATCH: stored ⊕ patch). */
function asInput(e: CatalogEntry): Record<string, unknown> {
  const { updatedAt: _u, withdrawn: _w, synthetic: _s, ...rest } = e
  return rest
}

export interface ImportRowError extends FieldError { row: number }
export interface ImportReport { imported: number, errors: ImportRowError[] }

export const catalogAdminRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  // onRequest, before any body is read: an anonymous 20 MB import is refused without parsing it.
  app.addHook('onRequest', staffGuard(ctx.db, 'manageCatalog', ctx.staff?.idleMs))
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_LIMIT }, (_req, body, done) => done(null, body))

  app.get('/api/admin/catalog/entries/:id', async (req) => {
    const { id } = req.params as { id: string }
    checkId(id)
    const e = await getEntry(ctx.db, id)
    if (!e)
      throw notFound(`条目 ${id}`)
    return e
  })

  app.post('/api/admin/catalog/entries', async (req, reply) => {
    const parsed = parseEntryInput(req.body)
    if (!parsed.ok)
      throw invalid(parsed.errors)
    if (parsed.value.id) {
      // A retried create (same client-generated id) answers with what the first one stored.
      const existing = await getEntry(ctx.db, parsed.value.id)
      if (existing?.withdrawn)
        throw new ApiError(409, 'withdrawn', '该条目已撤销，不能重新创建 (entry was withdrawn)', 'id')
      if (existing)
        return existing
    }
    try {
      const row = await resolveEntryInput(ctx.db, parsed.value)
      await saveEntries(ctx.db, [row])
      return reply.status(201).send(await getEntry(ctx.db, row.id))
    }
    catch (err) {
      if (err instanceof EntryConflict)
        throw new ApiError(409, 'conflict', err.errors[0]!.message, err.errors[0]!.field, { errors: err.errors })
      throw err
    }
  })

  app.patch('/api/admin/catalog/entries/:id', async (req) => {
    const { id } = req.params as { id: string }
    checkId(id)
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body))
      throw badField('body', '请求内容应为要修改的字段 (expected an object of fields)')
    const existing = await getEntry(ctx.db, id)
    if (!existing)
      throw notFound(`条目 ${id}`)
    if (existing.withdrawn)
      throw new ApiError(409, 'withdrawn', '该条目已撤销，不能修改 (entry was withdrawn)', 'id')
    const patch = { ...(req.body as Record<string, unknown>) }
    delete patch.id
    // A new agency without a new category cannot keep the old category (it belongs to the old tree).
    const merged: Record<string, unknown> = { ...asInput(existing), ...patch, id }
    if ('categoryName' in patch && !('categoryId' in patch))
      delete merged.categoryId
    const parsed = parseEntryInput(merged)
    if (!parsed.ok)
      throw invalid(parsed.errors)
    try {
      const row = await resolveEntryInput(ctx.db, parsed.value, existing)
      await saveEntries(ctx.db, [row])
    }
    catch (err) {
      if (err instanceof EntryConflict)
        throw new ApiError(409, 'conflict', err.errors[0]!.message, err.errors[0]!.field, { errors: err.errors })
      throw err
    }
    return getEntry(ctx.db, id)
  })

  app.post('/api/admin/catalog/entries/:id/withdraw', async (req) => {
    const { id } = req.params as { id: string }
    checkId(id)
    if (!await withdrawEntry(ctx.db, id))
      throw notFound(`条目 ${id}`)
    return getEntry(ctx.db, id)
  })

  /**
   * Bulk import: a JSON array (or `{ entries: [...] }`) or CSV with a header row of field names.
   * Rows are checked one by one; good rows are written, bad ones reported with their row number
   * (CSV: the line in the file, header = 1; JSON: position from 1) and field.
   */
  app.post('/api/admin/catalog/import', { bodyLimit: IMPORT_LIMIT }, async (req): Promise<ImportReport> => {
    const ctype = String(req.headers['content-type'] ?? '')
    let records: unknown[]
    let firstRow = 1
    if (typeof req.body === 'string' && /^text\/(?:csv|plain)/.test(ctype)) {
      records = csvRecords(req.body)
      firstRow = 2
    }
    else if (Array.isArray(req.body)) {
      records = req.body
    }
    else if (req.body && Array.isArray((req.body as { entries?: unknown }).entries)) {
      records = (req.body as { entries: unknown[] }).entries
    }
    else {
      throw badField('body', '导入内容应为 JSON 数组或带表头的 CSV (expected a JSON array or CSV with a header row)')
    }
    if (records.length > IMPORT_MAX_ROWS)
      throw badField('body', `一次最多导入 ${IMPORT_MAX_ROWS} 条，请分批 (at most ${IMPORT_MAX_ROWS} rows per import)`)

    const errors: ImportRowError[] = []
    const good: EntryRow[] = []
    const seen = new Map<string, number>()
    for (const [i, rec] of records.entries()) {
      const row = i + firstRow
      const parsed = parseEntryInput(rec)
      if (!parsed.ok) {
        errors.push(...parsed.errors.map(e => ({ row, ...e })))
        continue
      }
      const first = seen.get(parsed.value.indexNo)
      if (first !== undefined) {
        errors.push({ row, field: 'indexNo', message: `索引号与第 ${first} 行重复 (duplicate of row ${first})` })
        continue
      }
      try {
        const existingId = parsed.value.id ?? await findEntryIdByIndexNo(ctx.db, parsed.value.indexNo)
        const existing = existingId ? await getEntry(ctx.db, existingId) : null
        if (existing?.withdrawn) {
          errors.push({ row, field: 'indexNo', message: '该条目已撤销，不能通过导入恢复 (entry was withdrawn)' })
          continue
        }
        good.push(await resolveEntryInput(ctx.db, parsed.value, existing))
        seen.set(parsed.value.indexNo, row)
      }
      catch (err) {
        if (!(err instanceof EntryConflict))
          throw err
        errors.push(...err.errors.map(e => ({ row, ...e })))
      }
    }
    await saveEntries(ctx.db, good)
    return { imported: good.length, errors }
  })

  app.put('/api/admin/catalog/agencies/:id', async (req) => {
    const { id } = req.params as { id: string }
    checkId(id)
    const b = (req.body ?? {}) as Record<string, unknown>
    if (typeof b.name !== 'string' || !b.name.trim() || b.name.length > 100)
      throw badField('name', '请填写机构名称（100 字以内） (name is required)')
    if (typeof b.orgCode !== 'string' || !/^[0-9A-Z-]{1,40}$/i.test(b.orgCode))
      throw badField('orgCode', '机构代码只能含字母、数字和 - (orgCode: letters, digits and -)')
    await upsertAgencies(ctx.db, [{ id, name: b.name.trim(), orgCode: b.orgCode }])
    return { id, name: b.name.trim(), orgCode: b.orgCode }
  })

  app.put('/api/admin/catalog/categories/:id', async (req) => {
    const { id } = req.params as { id: string }
    checkId(id)
    const b = (req.body ?? {}) as Record<string, unknown>
    if (typeof b.name !== 'string' || !b.name.trim() || b.name.length > 100)
      throw badField('name', '请填写分类名称（100 字以内） (name is required)')
    if (typeof b.agencyId !== 'string' || !await agencyExists(ctx.db, b.agencyId))
      throw badField('agencyId', '没有这个发布机构 (unknown agency)')
    const parentId = b.parentId === undefined || b.parentId === null ? null : String(b.parentId)
    if (parentId && (parentId === id || !await categoryOfAgencyExists(ctx.db, parentId, b.agencyId)))
      throw badField('parentId', '上级分类不存在或不属于该机构 (parent must be another category of the same agency)')
    const order = Number.isInteger(b.order) ? b.order as number : 0
    const category = { id, agencyId: b.agencyId, parentId, name: b.name.trim(), order }
    await upsertCategories(ctx.db, [category])
    return category
  })
}
