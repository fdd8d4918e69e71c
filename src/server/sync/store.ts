/**
 * Reads the change log for pull sync (docs/catalog-sync.md). A page holds, in seq order, each
 * entity whose LATEST change is after the cursor (table sync_latest, kept by a trigger on
 * change_log), with its current state (or a tombstone): an
 * entity changed twice travels once, at its last position, so a page never carries stale data and
 * a device that stops between pages resumes exactly at its stored cursor.
 */
import type { ChangesPage, ChangesResponse, ResetPage } from '../../shared/sync/protocol'
import type { Db, Queryable } from '../platform/db'
import { formatCursor, SYNC_PROTOCOL_VERSION } from '../../shared/sync/protocol'
import { AGENCY_COLS, CATEGORY_COLS, ENTRY_COLS } from '../catalog/store'

/** Entry columns as devices store them (no `withdrawn`: a withdrawn entry travels as a delete). */
const ENTRY_SYNC_COLS = ENTRY_COLS.replace(/,\s*\(e\.withdrawn_at is not null\) as withdrawn/, '')
const TS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`
/**
 * Reports as devices store them (ReportDetail): figures with each published staff figure merged
 * over the importer's, keeping the importer's span so "tap to see the sentence" still works; the
 * same merge as mergeFigures in reports/store.ts (tests/server/staff-reports.test.ts checks both).
 */
const REPORT_COLS = `r.id, r.title, r.agency, r.agency_id as "agencyId", r.year, to_char(r.published_at, 'YYYY-MM-DD') as "publishedAt", r.template, r.region,
  to_char(r.updated_at at time zone 'UTC', ${TS}) as "updatedAt", r.body,
  r.figures || coalesce((select jsonb_object_agg(f.key, jsonb_build_object(
      'value', f.value, 'unit', f.unit, 'approx', f.approx,
      'start', coalesce(f.span_start, (r.figures->f.key->>'start')::int, -1),
      'end', coalesce(f.span_end, (r.figures->f.key->>'end')::int, -1),
      'source', coalesce(r.figures->f.key->>'source', 'text'),
      'confirmed', jsonb_build_object('by', coalesce(f.published_by, f.confirmed_by),
        'at', to_char(coalesce(f.published_at, f.confirmed_at) at time zone 'UTC', ${TS}),
        'status', f.status, 'importedValue', f.imported_value))
      || case when (r.figures->f.key->>'derived')::boolean then '{"derived":true}'::jsonb else '{}'::jsonb end)
    from report_figures f where f.report_id = r.id and f.published), '{}'::jsonb) as figures,
  r.problems, r.sections`

/**
 * One statement makes the whole page's `changes` array as JSON text, in seq order: on PGlite,
 * turning a thousand rows into objects and serialising them again costs more than the query.
 * A put whose row is gone, withdrawn or a draft report becomes, for a device, a delete.
 */
const PAGE_SQL = `
with page as (
  select seq, entity, entity_id, op from sync_latest where seq > $1 order by seq limit $2
), vals as materialized (
  select p.seq, p.entity, p.entity_id, case when p.op = 'put' then coalesce(
    (select row_to_json(x)::text from (select ${ENTRY_SYNC_COLS} from catalog_entries e
      where p.entity = 'catalogEntry' and e.id = p.entity_id and e.withdrawn_at is null) x),
    (select row_to_json(x)::text from (select ${CATEGORY_COLS} from catalog_categories c
      where p.entity = 'catalogCategory' and c.id = p.entity_id) x),
    (select row_to_json(x)::text from (select ${AGENCY_COLS} from catalog_agencies a
      where p.entity = 'catalogAgency' and a.id = p.entity_id) x),
    (select row_to_json(x)::text from (select ${REPORT_COLS} from reports r
      where p.entity = 'report' and r.id = p.entity_id and r.visibility = 'public') x)
  ) end as value
  from page p
)
select count(*)::int as n, max(seq)::bigint as last, coalesce(string_agg(case when value is null
    then json_build_object('op', 'delete', 'entity', entity, 'seq', seq, 'id', entity_id)::text
    else '{"op":"put","entity":' || to_json(entity)::text || ',"seq":' || seq || ',"value":' || value || '}' end,
  ',' order by seq), '') as changes
from vals`

export interface SyncHead {
  /** Which change log this is. */
  epoch: string
  /** The log's last seq (where a device's cursor goes at the end of the log). */
  head: number
  /**
   * The last seq of a change devices mirror: pages depend only on these, so a page built at one
   * mark is still exact at the same mark (applications move `head`, never `mark`).
   */
  mark: number
}

export async function syncHead(db: Queryable): Promise<SyncHead> {
  const r = (await db.query<{ epoch: string, head: number, mark: number }>(
    `select (select epoch from sync_state where id = 1) as epoch,
      (select coalesce(max(seq), 0) from change_log)::bigint as head,
      (select coalesce(max(seq), 0) from sync_latest)::bigint as mark`,
  )).rows[0]!
  return { epoch: r.epoch, head: Number(r.head), mark: Number(r.mark) }
}

/** One page as JSON text, with the log position it was read at and where the next page starts. */
export interface BuiltPage extends SyncHead {
  type: 'changes' | 'reset'
  json: string
  /** The seq the next page starts after, or null when this page is the last. */
  next: number | null
}

/**
 * The page after `seq` (0 = from the start) of at most `limit` changes, as the JSON text of a
 * ChangesResponse. One snapshot (repeatable read) for the log and the rows it points at, so the
 * values match the cursor handed back.
 */
export async function changesPage(db: Db, since: { epoch: string | null, seq: number }, limit: number): Promise<BuiltPage> {
  return db.transaction(async (tx) => {
    await tx.query('set transaction isolation level repeatable read')
    const at = await syncHead(tx)
    const { epoch, head } = at
    if ((since.epoch !== null && since.epoch !== epoch) || since.seq > head) {
      const reset: ResetPage = { type: 'reset', protocol: SYNC_PROTOCOL_VERSION, cursor: formatCursor(epoch, 0), reason: 'epoch' }
      return { ...at, type: 'reset', json: JSON.stringify(reset), next: null }
    }

    const { n, last: lastInPage, changes } = (await tx.query<{ n: number, last: number | null, changes: string }>(PAGE_SQL, [since.seq, limit])).rows[0]!
    const hasMore = n === limit && lastInPage !== null
      && (await tx.query('select 1 from sync_latest where seq > $1 limit 1', [lastInPage])).rows.length > 0
    // At the end of the log the cursor jumps to its head, skipping superseded rows for good.
    const last = hasMore ? Number(lastInPage!) : head
    const remaining = hasMore
      ? (await tx.query<{ n: number }>('select count(*)::int as n from sync_latest where seq > $1', [last])).rows[0]!.n
      : 0
    const rest: Omit<ChangesPage, 'changes'> = { type: 'changes', protocol: SYNC_PROTOCOL_VERSION, cursor: formatCursor(epoch, last), hasMore, remaining }
    return { ...at, type: 'changes', json: `${JSON.stringify(rest).slice(0, -1)},"changes":[${changes}]}`, next: hasMore ? last : null }
  })
}

/** The page as JSON text (see changesPage). */
export async function changesSinceJson(db: Db, since: { epoch: string | null, seq: number }, limit: number): Promise<string> {
  return (await changesPage(db, since, limit)).json
}

/** The same page, parsed (for in-process callers). */
export async function changesSince(db: Db, since: { epoch: string | null, seq: number }, limit: number): Promise<ChangesResponse> {
  return JSON.parse(await changesSinceJson(db, since, limit)) as ChangesResponse
}
