import type { Db, Queryable, QueryResult } from '.'
import { mkdir } from 'node:fs/promises'
import { PGlite } from '@electric-sql/pglite'

export async function openPglite(dataDir: string): Promise<Db> {
  if (!dataDir.startsWith('memory://'))
    await mkdir(dataDir, { recursive: true })
  // relaxedDurability stays off: a 2xx must mean the row is on disk.
  const pg = await PGlite.create({ dataDir })
  const wrap = (q: { query: PGlite['query'], exec: PGlite['exec'] }): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
      const r = await q.query<T>(sql, params as any[])
      return { rows: r.rows, affectedRows: r.affectedRows ?? 0 }
    },
    async exec(sql: string) {
      await q.exec(sql)
    },
  })
  const base = wrap(pg)
  return {
    kind: 'pglite',
    description: `PGlite (embedded PostgreSQL) in ${dataDir}`,
    query: base.query,
    exec: base.exec,
    transaction: fn => pg.transaction(tx => fn(wrap(tx))),
    async listen(channel, onPayload) {
      const unsub = await pg.listen(channel, onPayload)
      return async () => {
        await unsub()
      }
    },
    close: () => pg.close(),
  }
}
