/**
 * The 按件 count of 国办函〔2020〕109号: which of an applicant's applications to the same agency in
 * the same calendar month this one is. The applicant is known across applications by a keyed hash
 * (`applications/applicant-key.ts`, migration 026) of the identity document's type and normalised number, so the
 * count needs no decryption and the database never holds a plain ID number outside personal_enc.
 * The month is that of the date of receipt (received_on, China time).
 */
import type { Queryable } from '../../platform/db'

/** This application's place in its applicant's month with the agency. */
export interface MonthlyCount { nthInMonth: number, month: string }

/** The count for one application; null when it has no applicant key (stored before migration 026). */
export async function monthlyCount(db: Queryable, applicationId: string): Promise<MonthlyCount | null> {
  const { rows } = await db.query<{ n: number | string, month: string }>(
    `select count(*) as n, min(to_char(a.received_on, 'YYYY-MM')) as month
     from applications a
     join applications o on o.applicant_key = a.applicant_key
       and o.agency_id is not distinct from a.agency_id
       and o.received_on >= date_trunc('month', a.received_on)::date
       and o.received_on <= a.received_on
       and (o.received_on, o.server_received_at, o.id) <= (a.received_on, a.server_received_at, a.id)
     where a.id = $1 and a.applicant_key is not null`,
    [applicationId],
  )
  const r = rows[0]
  return r && Number(r.n) > 0 ? { nthInMonth: Number(r.n), month: r.month } : null
}
