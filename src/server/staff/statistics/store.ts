/** Published statistics in the database (published_figures): the only SQL of the statistics domain. */
import type { Queryable } from '../../platform/db'

/** When the figures of (agency, year) were last published, or null. */
export async function publishedAt(db: Queryable, agency: string, year: number): Promise<string | null> {
  const r = (await db.query<{ n: number, at: string | null }>(
    `select count(*)::int as n, max(published_at)::text as at from published_figures where agency = $1 and year = $2`,
    [agency, year],
  )).rows[0]!
  return r.n ? r.at : null
}

/** Replaces the published figures of (agency, year); call inside the publishing transaction. */
export async function replacePublishedFigures(tx: Queryable, agency: string, year: number, figures: Record<string, number>, by: string): Promise<void> {
  await tx.query('delete from published_figures where agency = $1 and year = $2', [agency, year])
  for (const [key, value] of Object.entries(figures))
    await tx.query('insert into published_figures (agency, year, key, value, published_by) values ($1, $2, $3, $4, $5)', [agency, year, key, value, by])
}
