import type { Db, Queryable, QueryResult } from '.'
import pg from 'pg'

// BIGINT (int8) and NUMERIC come back as strings by default; our counters fit in a double.
pg.types.setTypeParser(20, v => Number(v))

export async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.PG_POOL_MAX ?? 10) })
  // Fail fast with a clear message when the server is unreachable.
  await pool.query('select 1')
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
      const r = await c.query(sql, params)
      return { rows: r.rows as T[], affectedRows: r.rowCount ?? 0 }
    },
    async exec(sql: string) {
      await c.query(sql)
    },
  })
  const safe = new URL(url)
  safe.password = ''
  const listeners = new Set<pg.Client>()
  return {
    kind: 'postgres',
    description: `PostgreSQL at ${safe.host}${safe.pathname}`,
    query: wrap(pool).query,
    exec: wrap(pool).exec,
    async transaction(fn) {
      const client = await pool.connect()
      try {
        await client.query('begin')
        const result = await fn(wrap(client))
        await client.query('commit')
        return result
      }
      catch (err) {
        await client.query('rollback').catch(() => {})
        throw err
      }
      finally {
        client.release()
      }
    },
    async listen(channel, onPayload) {
      // LISTEN needs a dedicated connection that outlives any pooled query.
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      client.on('notification', (n) => {
        if (n.channel === channel)
          onPayload(n.payload ?? '')
      })
      await client.query(`listen "${channel.replace(/"/g, '')}"`)
      listeners.add(client)
      return async () => {
        listeners.delete(client)
        await client.end().catch(() => {})
      }
    },
    async close() {
      await Promise.all([...listeners].map(c => c.end().catch(() => {})))
      await pool.end()
    },
  }
}
