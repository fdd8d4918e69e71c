/**
 * Plain SQL migrations, applied in file-name order at start-up, each in its own transaction and
 * recorded in schema_migrations. Numbering: 001 foundation, 002 reports, 003 catalog,
 * 004 applications, 005 staff, 006 catalog sync_latest. A migration, once shipped, is never edited: add a new file.
 */
import type { Db } from '.'
import { readdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

const dir = fileURLToPath(new URL('../../migrations/', import.meta.url))

/** `only`: apply just the files it accepts (a restore replays a backup's own migrations first). */
export async function migrate(db: Db, only?: (file: string) => boolean): Promise<string[]> {
  await db.query(`create table if not exists schema_migrations (
    name text primary key, applied_at timestamptz not null default now())`)
  // Several app instances may start at once against one PostgreSQL: serialise them.
  const files = await migrationFiles()
  const applied: string[] = []
  await db.transaction(async (tx) => {
    if (db.kind === 'postgres')
      await tx.query('select pg_advisory_xact_lock(727274)')
    const done = new Set((await tx.query<{ name: string }>('select name from schema_migrations')).rows.map(r => r.name))
    for (const f of files) {
      if (done.has(f) || (only && !only(f)))
        continue
      const sql = await readFile(dir + f, 'utf8')
      await tx.exec(sql)
      await tx.query('insert into schema_migrations (name) values ($1)', [f])
      applied.push(f)
    }
  })
  return applied
}

/** The migrations this code knows, in order. */
export async function migrationFiles(): Promise<string[]> {
  return (await readdir(dir)).filter(f => f.endsWith('.sql')).sort()
}
