/** The storage contract: what every server module relies on, proven on PGlite and PostgreSQL alike. */
import type { TestDb } from './helpers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, storageKinds } from './helpers'

describe.each(storageKinds)('storage contract on %s', (kind) => {
  let t: TestDb
  beforeAll(async () => {
    t = await openTestDb(kind)
    await t.db.exec('create table kv (k text primary key, v integer not null); create table other (x int)')
  })
  afterAll(() => t.drop())

  it('reports its kind without leaking a password', () => {
    expect(t.db.kind).toBe(kind)
    expect(t.db.description).not.toMatch(/:[^@/]*@/)
  })

  it('runs parameterised queries and counts affected rows', async () => {
    const ins = await t.db.query('insert into kv (k, v) values ($1, $2), ($3, $4)', ['a', 1, 'b', 2])
    expect(ins.affectedRows).toBe(2)
    const { rows } = await t.db.query<{ k: string, v: number }>('select k, v from kv order by k')
    expect(rows).toEqual([{ k: 'a', v: 1 }, { k: 'b', v: 2 }])
    const n = await t.db.query<{ n: number }>('select count(*)::int as n from kv')
    expect(n.rows[0]!.n).toBe(2)
  })

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await t.db.transaction(async (tx) => {
      await tx.query('insert into kv (k, v) values ($1, $2)', ['c', 3])
    })
    await expect(t.db.transaction(async (tx) => {
      await tx.query('insert into kv (k, v) values ($1, $2)', ['d', 4])
      throw new Error('boom')
    })).rejects.toThrow('boom')
    const { rows } = await t.db.query<{ k: string }>('select k from kv order by k')
    expect(rows.map(r => r.k)).toEqual(['a', 'b', 'c'])
  })

  it('rolls back a transaction whose statement fails (unique violation)', async () => {
    await expect(t.db.transaction(async (tx) => {
      await tx.query('insert into kv (k, v) values ($1, $2)', ['e', 5])
      await tx.query('insert into kv (k, v) values ($1, $2)', ['a', 9])
    })).rejects.toThrow()
    const { rows } = await t.db.query<{ n: number }>(`select count(*)::int as n from kv where k = 'e'`)
    expect(rows[0]!.n).toBe(0)
  })

  it('delivers NOTIFY payloads to listeners, and stops after unsubscribe', async () => {
    const got: string[] = []
    const channel = `gk_test_${Math.random().toString(36).slice(2, 8)}`
    const unlisten = await t.db.listen(channel, p => got.push(p))
    await t.db.query('select pg_notify($1, $2)', [channel, 'hello'])
    await expect.poll(() => got, { timeout: 10_000 }).toEqual(['hello'])
    await unlisten()
    await t.db.query('select pg_notify($1, $2)', [channel, 'after'])
    await new Promise(r => setTimeout(r, 300))
    expect(got).toEqual(['hello'])
  })
})
