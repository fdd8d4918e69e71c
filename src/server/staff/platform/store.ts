/** The platform overview's SQL: one grouped read of the cached case state (migration 008), per agency. */
import type { DateString } from '../../../shared/calendar'
import type { Queryable } from '../../platform/db'
import type { StaffScope } from '../scope/service'
import { scopeSql } from '../scope/service'

/** One agency's counts for the cases received in a period. */
export interface AgencyCounts { agencyId: string | null, name: string | null, cases: number, open: number, overdue: number, answered: number, onTime: number }

/**
 * Cases received between `first` and `last` per agency, within the scope. An application with no
 * agency counts as the default agency's (`scope.defaultAgencyId`; null when the directory has none).
 */
export async function countsByAgency(db: Queryable, scope: StaffScope, first: DateString, last: DateString): Promise<AgencyCounts[]> {
  const sc = scopeSql(scope, 4)
  const { rows } = await db.query<AgencyCounts>(
    `with t as (
       select coalesce(agency_id, $3::text) as agency_id, case_status, case_overdue, case_answered_on, case_due_date
       from applications
       where case_receipt_date between $1 and $2 and ${sc.sql})
     select t.agency_id as "agencyId", c.name, count(*)::int as cases,
       (count(*) filter (where t.case_status <> 'answered'))::int as open,
       (count(*) filter (where t.case_status <> 'answered' and t.case_overdue))::int as overdue,
       (count(*) filter (where t.case_status = 'answered'))::int as answered,
       (count(*) filter (where t.case_status = 'answered' and t.case_answered_on <= t.case_due_date))::int as "onTime"
     from t left join catalog_agencies c on c.id = t.agency_id
     group by t.agency_id, c.name
     order by c.name nulls last, t.agency_id`,
    [first, last, scope.defaultAgencyId, ...sc.params],
  )
  return rows
}
