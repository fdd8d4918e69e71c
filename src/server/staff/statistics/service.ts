/**
 * The year's statistics from the cases themselves and the recorded appeals (行政复议 / 行政诉讼).
 * Published figures go to published_figures (agency, year, key): the reports table has no figures
 * column yet; when it does, publishing should write there too. A table about a directory agency
 * counts, publishes and finds its figures and appeals by the agency's id (migration 022), so a
 * renamed agency keeps them; its name is read from the directory.
 */
import type { OutcomeCode, TemplateLayout } from '../../../shared/outcomes'
import type { AppealRecordDto } from '../../../shared/review/api'
import type { AppealRecord, StatCase } from '../../../shared/statistics'
import type { Db, Queryable } from '../../platform/db'
import type { Actor } from '../cases/service'
import type { StatAgency } from '../cases/store'
import type { StaffScope } from '../scope/service'
import type { FiguresOwner } from './store'
import { applicantColumn } from '../../../shared/application'
import { appealTableCsv, buildAppealTable, buildRequestTable, requestTableCsv, tableFigures } from '../../../shared/statistics'
import { agencyRef, listAgencies } from '../../agencies/store'
import { notFound } from '../../platform/errors'
import { listAppeals } from '../appeals/store'
import { caseService } from '../cases/service'
import { caseAgencies, statRows } from '../cases/store'
import { inScope } from '../scope/service'
import { audit } from '../store'
import { publishedAt, replacePublishedFigures } from './store'

export function statisticsService(o: { db: Db, defaultAgency: string }) {
  const { db } = o
  // The statistics read the cases' cached state: the cases service keeps it current.
  const cases = caseService({ db, keys: undefined, defaultAgency: o.defaultAgency })

  /**
   * Which agency a table is about: a directory id (`agencyId`, which must be within the scope: any
   * other is a 404), else for an account limited to agencies its first one unless it names one of
   * its cases' agencies, else (unscoped) the agency name as before the directory.
   */
  async function whichAgency(q: Queryable, agencyIn: string | undefined, agencyId: string | undefined, scope: StaffScope): Promise<{ label: string, by: StatAgency }> {
    const id = agencyId ?? (agencyIn || !scope.agencies ? undefined : scope.agencies[0])
    if (id !== undefined) {
      const ref = inScope(scope, id) ? await agencyRef(q, id) : null
      if (!ref)
        throw notFound('机关')
      return { label: ref.name, by: { id: ref.id, defaultAgencyId: scope.defaultAgencyId } }
    }
    const name = agencyIn || o.defaultAgency
    return { label: name, by: { name } }
  }

  /** What a year's tables count for one agency: its cases (within the scope) and its appeal records (by id for a directory agency, else by name). */
  async function inputs(q: Queryable, year: number, agency: string, by: StatAgency = { name: agency }, scope: StaffScope = { agencies: null, defaultAgencyId: null }): Promise<{ cases: StatCase[], appeals: AppealRecord[] }> {
    await cases.recomputeOpenCases()
    const y = String(year).padStart(4, '0')
    const rows = await statRows(q, by, `${y}-01-01`, `${y}-12-31`, scope)
    const stat: StatCase[] = rows.map(r => ({
      id: r.id,
      // Selected for this agency already; keyed by the table's name, not the name cached on the case
      // (a renamed agency's cases still carry the old one, and the shared tables compare the two).
      agencyId: agency,
      column: applicantColumn(r.applicantType as 'natural' | 'organization', r.orgSubtype as never),
      receivedDate: r.receiptDate,
      answeredDate: r.answeredOn,
      outcome: r.outcome as OutcomeCode | null,
    }))
    const mine = (r: AppealRecordDto) => ('id' in by ? r.agencyId === by.id : r.agency === agency)
    const appeals = (await listAppeals(q)).filter(mine).map(r => ({ ...r, agencyId: agency, id: r.id }))
    return { cases: stat, appeals }
  }

  async function tables(q: Queryable, year: number, agencyIn: string | undefined, layout: TemplateLayout, scope: StaffScope, agencyId?: string) {
    const { label: agency, by } = await whichAgency(q, agencyIn, agencyId, scope)
    const { cases: stat, appeals } = await inputs(q, year, agency, by, scope)
    const agencies = new Set<string>([...(scope.agencies ? [] : [o.defaultAgency]), ...await caseAgencies(q, scope)])
    const requests = buildRequestTable(stat, { year, agency, agencyId: agency, layout })
    const reviewTable = buildAppealTable(appeals, { year, agency, agencyId: agency })
    // The selector's choices: the directory agencies within the scope (every one for an unscoped account), by id.
    const agencyOptions = (await listAgencies(q)).filter(a => inScope(scope, a.id)).map(a => ({ id: a.id, name: a.name }))
    const owner: FiguresOwner = { id: 'id' in by ? by.id : null, name: agency }
    return { requests, reviews: reviewTable, agencies: [...agencies].sort(), agencyId: owner.id, agencyOptions, owner }
  }

  async function summary(year: number, agency: string | undefined, layout: TemplateLayout, scope: StaffScope, agencyId?: string) {
    const { owner, ...t } = await tables(db, year, agency, layout, scope, agencyId)
    return { ...t, figures: tableFigures(t.requests, t.reviews), publishedAt: await publishedAt(db, owner, year) }
  }

  async function csv(year: number, agency: string | undefined, layout: TemplateLayout, scope: StaffScope, agencyId?: string): Promise<string> {
    const t = await tables(db, year, agency, layout, scope, agencyId)
    // Two tables, one file: a blank line between them (Excel shows both on one sheet).
    return `${requestTableCsv(t.requests)}\r\n${appealTableCsv(t.reviews).replace(/^\uFEFF/, '')}`
  }

  async function publish(year: number, agency: string | undefined, layout: TemplateLayout, actor: Actor, scope: StaffScope, agencyId?: string) {
    const t = await tables(db, year, agency, layout, scope, agencyId)
    const figures = tableFigures(t.requests, t.reviews)
    await db.transaction(async (tx) => {
      await replacePublishedFigures(tx, t.owner, year, figures, actor.user.id)
      await audit(tx, { actor: actor.user, action: 'statistics.publish', targetType: 'statistics', targetId: `${t.owner.id ?? t.requests.agency}/${year}`, ip: actor.ip, details: { name: t.requests.agency, figures: Object.keys(figures).length, checkOk: t.requests.check.ok } })
    })
    return { ok: true, agency: t.requests.agency, agencyId: t.owner.id, year, figures, check: t.requests.check }
  }

  // Annual drafts still count by the name on the cases (a register step may name the agency as
  // text on an application sent with no agency id): docs/agencies.md, "Not done yet".
  return { summary, csv, publish, inputs: (year: number, agency: string) => inputs(db, year, agency) }
}
