/**
 * The year's statistics from the cases themselves and the recorded appeals (行政复议 / 行政诉讼).
 * Published figures go to published_figures (agency, year, key): the reports table has no figures
 * column yet; when it does, publishing should write there too.
 */
import type { OutcomeCode, TemplateLayout } from '../../../shared/outcomes'
import type { AppealRecord, StatCase } from '../../../shared/statistics'
import type { Db, Queryable } from '../../platform/db'
import type { Actor } from '../cases/service'
import { applicantColumn } from '../../../shared/application'
import { appealTableCsv, buildAppealTable, buildRequestTable, requestTableCsv, tableFigures } from '../../../shared/statistics'
import { listAppeals } from '../appeals/store'
import { caseService } from '../cases/service'
import { caseAgencies, statRows } from '../cases/store'
import { audit } from '../store'
import { publishedAt, replacePublishedFigures } from './store'

export function statisticsService(o: { db: Db, defaultAgency: string }) {
  const { db } = o
  // The statistics read the cases' cached state: the cases service keeps it current.
  const cases = caseService({ db, keys: undefined, defaultAgency: o.defaultAgency })

  /** What a year's tables count for one agency (by name): its cases and its appeal records. */
  async function inputs(q: Queryable, year: number, agency: string): Promise<{ cases: StatCase[], appeals: AppealRecord[] }> {
    await cases.recomputeOpenCases()
    const y = String(year).padStart(4, '0')
    const rows = await statRows(q, agency, `${y}-01-01`, `${y}-12-31`)
    const stat: StatCase[] = rows.map(r => ({
      id: r.id,
      agencyId: r.agency,
      column: applicantColumn(r.applicantType as 'natural' | 'organization', r.orgSubtype as never),
      receivedDate: r.receiptDate,
      answeredDate: r.answeredOn,
      outcome: r.outcome as OutcomeCode | null,
    }))
    const appeals = (await listAppeals(q)).filter(r => r.agency === agency).map(r => ({ ...r, agencyId: r.agency, id: r.id }))
    return { cases: stat, appeals }
  }

  async function tables(q: Queryable, year: number, agencyIn: string | undefined, layout: TemplateLayout) {
    const agency = agencyIn || o.defaultAgency
    const { cases: stat, appeals } = await inputs(q, year, agency)
    const agencies = new Set<string>([o.defaultAgency, ...await caseAgencies(q)])
    const requests = buildRequestTable(stat, { year, agency, agencyId: agency, layout })
    const reviewTable = buildAppealTable(appeals, { year, agency, agencyId: agency })
    return { requests, reviews: reviewTable, agencies: [...agencies].sort() }
  }

  async function summary(year: number, agency: string | undefined, layout: TemplateLayout) {
    const t = await tables(db, year, agency, layout)
    return { ...t, figures: tableFigures(t.requests, t.reviews), publishedAt: await publishedAt(db, t.requests.agency, year) }
  }

  async function csv(year: number, agency: string | undefined, layout: TemplateLayout): Promise<string> {
    const t = await tables(db, year, agency, layout)
    // Two tables, one file: a blank line between them (Excel shows both on one sheet).
    return `${requestTableCsv(t.requests)}\r\n${appealTableCsv(t.reviews).replace(/^\uFEFF/, '')}`
  }

  async function publish(year: number, agency: string | undefined, layout: TemplateLayout, actor: Actor) {
    const t = await tables(db, year, agency, layout)
    const figures = tableFigures(t.requests, t.reviews)
    await db.transaction(async (tx) => {
      await replacePublishedFigures(tx, t.requests.agency, year, figures, actor.user.id)
      await audit(tx, { actor: actor.user, action: 'statistics.publish', targetType: 'statistics', targetId: `${t.requests.agency}/${year}`, ip: actor.ip, details: { figures: Object.keys(figures).length, checkOk: t.requests.check.ok } })
    })
    return { ok: true, agency: t.requests.agency, year, figures, check: t.requests.check }
  }

  return { summary, csv, publish, inputs: (year: number, agency: string) => inputs(db, year, agency) }
}
