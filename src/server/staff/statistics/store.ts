/**
 * Published statistics in the database (published_figures): the only SQL of the statistics domain.
 * A year's figures belong to a directory agency (`agency_id`, migration 022) when the table was
 * about one, so a renamed agency keeps them; the name is stored as printed at publication. Tables
 * asked for by a name only (an unscoped deployment's default agency outside the directory) are
 * keyed by that name, as before the directory.
 */
import type { Queryable } from '../../platform/db'

/** Whose figures: a directory agency (its current name alongside) or, outside the directory, a name. */
export interface FiguresOwner { id: string | null, name: string }

const WHERE = `(case when $1::text is not null then agency_id = $1::text else agency = $2 and agency_id is null end)`

/** When the owner's figures of `year` were last published, or null. */
export async function publishedAt(db: Queryable, owner: FiguresOwner, year: number): Promise<string | null> {
  const r = (await db.query<{ n: number, at: string | null }>(
    `select count(*)::int as n, max(published_at)::text as at from published_figures where ${WHERE} and year = $3`,
    [owner.id, owner.name, year],
  )).rows[0]!
  return r.n ? r.at : null
}

/**
 * Replaces the owner's published figures of `year`; call inside the publishing transaction. Rows
 * under the agency's current name with no id (published before 022 under a name no agency had
 * then) are replaced too: the (agency, year, key) key would refuse the new rows otherwise.
 */
export async function replacePublishedFigures(tx: Queryable, owner: FiguresOwner, year: number, figures: Record<string, number>, by: string): Promise<void> {
  await tx.query(`delete from published_figures where (${WHERE} or (agency = $2 and agency_id is null)) and year = $3`, [owner.id, owner.name, year])
  for (const [key, value] of Object.entries(figures))
    await tx.query('insert into published_figures (agency, agency_id, year, key, value, published_by) values ($1, $2, $3, $4, $5, $6)', [owner.name, owner.id, year, key, value, by])
}
