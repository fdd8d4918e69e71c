/**
 * Logical backups of the whole database, keys included (they are rows of server_keys, still
 * wrapped by the KEK, which is never in a backup). One format for PGlite and PostgreSQL:
 *
 *   gzip( JSON lines ): a header { format, v, createdAt, storage, migrations },
 *   then per table { table, columns } followed by one { r: row } line per row,
 *   then { end: true, counts } — a file without it is truncated and refused.
 *
 * Consistency: everything is read in one REPEATABLE READ, READ ONLY transaction, so the file is
 * one snapshot while the server keeps taking applications (PostgreSQL); PGlite runs transactions
 * one at a time, so its snapshot is exact too (writers wait the few seconds the dump takes).
 *
 * A restore goes into a fresh database only (an empty DATA_DIR or an empty PostgreSQL database):
 * it replays the backup's own migrations, inserts the rows with triggers off (change_log's triggers
 * would otherwise re-derive sync_latest), sets every sequence past its rows, gives the change log a
 * new sync epoch (devices that synced later than the backup start their pull again instead of
 * skipping rows), applies the newer migrations of this code, and checks the keys open with the
 * KEK at hand, all in one transaction: a restore that fails leaves nothing behind.
 */
import type { Readable, Writable } from 'node:stream'
import type { Db, Queryable } from './db'
import type { Kek } from './key-vault'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { createGunzip, createGzip } from 'node:zlib'
import { migrate, migrationFiles } from './db/migrate'
import { checkStoredKeys } from './key-vault'

export const BACKUP_FORMAT = 'gongkai-backup'
const BATCH = 2_000

export class BackupError extends Error {}

interface Header { format: string, v: number, createdAt: string, storage: string, migrations: string[] }

const q = (name: string) => `"${name.replace(/"/g, '""')}"`

/** Base tables of the current schema, parents before children (foreign keys). */
async function tablesInOrder(db: Queryable): Promise<string[]> {
  const tables = (await db.query<{ name: string }>(
    `select table_name as name from information_schema.tables
     where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`,
  )).rows.map(r => r.name)
  const deps = (await db.query<{ child: string, parent: string }>(
    `select c.relname as child, p.relname as parent from pg_constraint k
     join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
     join pg_namespace n on n.oid = c.relnamespace
     where k.contype = 'f' and n.nspname = current_schema()`,
  )).rows
  const out: string[] = []
  const seen = new Set<string>()
  const visit = (t: string, path: Set<string>) => {
    if (seen.has(t) || path.has(t))
      return
    path.add(t)
    for (const d of deps.filter(x => x.child === t && x.parent !== t))
      visit(d.parent, path)
    seen.add(t)
    out.push(t)
  }
  for (const t of tables)
    visit(t, new Set())
  return out
}

async function columnsOf(db: Queryable, table: string): Promise<string[]> {
  return (await db.query<{ name: string }>(
    `select column_name as name from information_schema.columns
     where table_schema = current_schema() and table_name = $1 order by ordinal_position`,
    [table],
  )).rows.map(r => r.name)
}

async function write(out: Writable, line: string): Promise<void> {
  if (!out.write(`${line}\n`))
    await once(out, 'drain')
}

/** Writes a gzipped backup of `db` to `dest`; resolves with the row count of each table. */
export async function writeBackup(db: Db, dest: Writable): Promise<Record<string, number>> {
  const gz = createGzip()
  gz.pipe(dest)
  const counts: Record<string, number> = {}
  await db.transaction(async (tx) => {
    // Must be the transaction's first statement: one snapshot for every table.
    await tx.query('set transaction isolation level repeatable read, read only')
    const migrations = (await tx.query<{ name: string }>('select name from schema_migrations order by name')).rows.map(r => r.name)
    const header: Header = { format: BACKUP_FORMAT, v: 1, createdAt: new Date().toISOString(), storage: db.kind, migrations }
    await write(gz, JSON.stringify(header))
    for (const table of await tablesInOrder(tx)) {
      const columns = await columnsOf(tx, table)
      await write(gz, JSON.stringify({ table, columns }))
      let n = 0
      // A cursor walks the table once inside the snapshot, a batch at a time (no OFFSET rescans).
      await tx.query(`declare backup_rows no scroll cursor for select row_to_json(t)::text as j from ${q(table)} t`)
      for (;;) {
        const { rows } = await tx.query<{ j: string }>(`fetch ${BATCH} from backup_rows`)
        for (const r of rows)
          await write(gz, `{"r":${r.j}}`)
        n += rows.length
        if (rows.length < BATCH)
          break
      }
      await tx.query('close backup_rows')
      counts[table] = n
    }
    await write(gz, JSON.stringify({ end: true, counts }))
  })
  gz.end()
  await once(dest, 'finish')
  return counts
}

export interface RestoreOptions {
  /** The KEK that must open the restored keys (checked before the restore commits). */
  kek: Kek | null
  dataDir?: string
}

/**
 * Restores a backup into `db`, which must be fresh (no schema_migrations yet). Resolves with the
 * row count of each table; throws BackupError (nothing written) on any problem.
 */
export async function restoreBackup(db: Db, src: Readable, options: RestoreOptions): Promise<Record<string, number>> {
  const used = (await db.query<{ n: number }>(
    `select count(*)::int as n from information_schema.tables where table_schema = current_schema() and table_name = 'schema_migrations'`,
  )).rows[0]!.n > 0
  if (used)
    throw new BackupError('The target database is not empty: restore into a fresh DATA_DIR or an empty PostgreSQL database (a restore never merges into live data).')
  const lines = createInterface({ input: src.pipe(createGunzip()), crlfDelay: Infinity })[Symbol.asyncIterator]()
  const next = async (): Promise<Record<string, unknown> | null> => {
    const { value, done } = await lines.next()
    if (done)
      return null
    try {
      return JSON.parse(value) as Record<string, unknown>
    }
    catch {
      throw new BackupError('The backup file is damaged (a line is not JSON).')
    }
  }
  let header: Header
  try {
    header = await next() as unknown as Header
  }
  catch (err) {
    throw err instanceof BackupError ? err : new BackupError(`Not a backup file made by npm run backup (${(err as Error).message}).`)
  }
  if (header?.format !== BACKUP_FORMAT || header.v !== 1)
    throw new BackupError('Not a backup file made by npm run backup.')
  const known = new Set(await migrationFiles())
  const unknown = header.migrations.filter(m => !known.has(m))
  if (unknown.length > 0)
    throw new BackupError(`The backup comes from a newer version (migrations ${unknown.join(', ')}): restore it with that version or later.`)

  // The schema as it was when the backup was made; later migrations run after the rows are in.
  const atBackup = new Set(header.migrations)
  await migrate(db, f => atBackup.has(f))
  const counts: Record<string, number> = {}
  try {
    await db.transaction(async (tx) => {
      let table: string | null = null
      let inSection = false
      let columns: string[] = []
      let batch: unknown[] = []
      const flush = async () => {
        if (!table || batch.length === 0)
          return
        const cols = columns.map(q).join(', ')
        await tx.query(`insert into ${q(table)} (${cols}) overriding system value select ${cols} from json_populate_recordset(null::${q(table)}, $1::json)`, [JSON.stringify(batch)])
        counts[table] = (counts[table] ?? 0) + batch.length
        batch = []
      }
      const tables = new Set(await tablesInOrder(tx))
      let ended: Record<string, unknown> | null = null
      for (let line = await next(); line; line = await next()) {
        if ('r' in line) {
          if (!inSection)
            throw new BackupError('The backup file is damaged (a row before its table).')
          if (!table)
            continue
          batch.push(line.r)
          if (batch.length >= BATCH)
            await flush()
        }
        else if (typeof line.table === 'string') {
          await flush()
          inSection = true
          table = line.table === 'schema_migrations' ? null : line.table
          if (table && !tables.has(table))
            throw new BackupError(`The backup has a table this version does not know (${table}).`)
          columns = line.columns as string[]
          if (table) {
            await tx.query(`alter table ${q(table)} disable trigger user`)
            // Rows a migration seeded (sync_state's epoch) give way to the backup's.
            await tx.query(`delete from ${q(table)}`)
            counts[table] = 0
          }
          else {
            // schema_migrations: already written by migrate() above; skip its rows.
            table = null
          }
        }
        else if (line.end) {
          await flush()
          ended = line
          break
        }
      }
      if (!ended)
        throw new BackupError('The backup file is truncated (no end marker): it was not written completely.')
      for (const t of tables)
        await tx.query(`alter table ${q(t)} enable trigger user`)
      const expected = ended.counts as Record<string, number>
      for (const [t, n] of Object.entries(expected)) {
        if (t !== 'schema_migrations' && (counts[t] ?? 0) !== n)
          throw new BackupError(`The backup file is damaged: ${t} has ${counts[t] ?? 0} rows, its end marker says ${n}.`)
      }
      await resetSequences(tx)
      // Devices that pulled after the backup was made must start again, not skip the rows between.
      await tx.query(`update sync_state set epoch = replace(gen_random_uuid()::text, '-', '')`)
      await checkStoredKeys(tx, options.kek, options.dataDir)
    })
  }
  catch (err) {
    // Nothing of the rows stayed; drop the bare schema too so the next try starts fresh.
    await dropEverything(db)
    throw err
  }
  await migrate(db)
  return counts
}

async function resetSequences(tx: Queryable): Promise<void> {
  const { rows } = await tx.query<{ t: string, c: string, s: string }>(
    `select table_name as t, column_name as c, pg_get_serial_sequence(quote_ident(table_name), column_name) as s
     from information_schema.columns
     where table_schema = current_schema() and column_default like 'nextval(%'`,
  )
  for (const r of rows) {
    if (r.s)
      await tx.query(`select setval($1, coalesce((select max(${q(r.c)}) from ${q(r.t)}), 0) + 1, false)`, [r.s])
  }
}

async function dropEverything(db: Db): Promise<void> {
  const tables = (await db.query<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
  )).rows.map(r => r.name)
  if (tables.length > 0)
    await db.query(`drop table if exists ${tables.map(q).join(', ')} cascade`)
}

export interface BackupSummary { storage: string, createdAt: string, counts: Record<string, number>, kekIds: string[] }

/** Reads a whole backup file and checks it ends with its marker (a truncated file throws). */
export async function readBackupSummary(src: Readable): Promise<BackupSummary> {
  let header: Header | undefined
  let table = ''
  let counts: Record<string, number> | undefined
  const kekIds = new Set<string>()
  for await (const text of createInterface({ input: src.pipe(createGunzip()), crlfDelay: Infinity })) {
    const line = JSON.parse(text) as Record<string, unknown>
    if (!header) {
      header = line as unknown as Header
      if (header.format !== BACKUP_FORMAT)
        throw new BackupError('not a backup file')
    }
    else if (typeof line.table === 'string') {
      table = line.table
    }
    else if (table === 'server_keys' && line.r) {
      kekIds.add((line.r as { kek_id: string }).kek_id)
    }
    else if (line.end) {
      counts = line.counts as Record<string, number>
    }
  }
  if (!header || !counts)
    throw new BackupError('the backup is incomplete (no end marker)')
  return { storage: header.storage, createdAt: header.createdAt, counts, kekIds: [...kekIds] }
}
