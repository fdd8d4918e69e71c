/**
 * The year's statistics from the cases themselves, and the 行政复议 / 行政诉讼 records they count.
 * Published figures go to published_figures (agency, year, key): the reports table has no figures
 * column yet; when it does, publishing should write there too.
 */
import type { OutcomeCode, TemplateLayout } from '../../../shared/outcomes'
import type { ReviewRecordDto } from '../../../shared/review/api'
import type { StatCase } from '../../../shared/statistics'
import type { Db, Queryable } from '../../platform/db'
import type { Actor } from '../cases/service'
import { randomUUID } from 'node:crypto'
import { applicantColumn } from '../../../shared/application'
import { buildRequestTable, buildReviewTable, requestTableCsv, reviewTableCsv, tableFigures } from '../../../shared/statistics'
import { notFound } from '../../platform/errors'
import { caseService } from '../cases/service'
import { caseAgencies, statRows } from '../cases/store'
import { audit } from '../store'
import { insertReviewRecord, listReviewRecords, publishedAt, replacePublishedFigures, updateReviewRecord } from './store'

export function statisticsService(o: { db: Db, defaultAgency: string }) {
  const { db } = o
  // The statistics read the cases' cached state: the cases service keeps it current.
  const cases = caseService({ db, keys: undefined, defaultAgency: o.defaultAgency })

  async function tables(q: Queryable, year: number, agencyIn: string | undefined, layout: TemplateLayout) {
    const agency = agencyIn || o.defaultAgency
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
    const agencies = new Set<string>([o.defaultAgency, ...await caseAgencies(q)])
    const reviews = await listReviewRecords(q)
    const requests = buildRequestTable(stat, { year, agency, agencyId: agency, layout })
    const reviewTable = buildReviewTable(reviews.map(r => ({ ...r, agencyId: r.agency, id: r.id })), { year, agency, agencyId: agency })
    return { requests, reviews: reviewTable, agencies: [...agencies].sort() }
  }

  async function summary(year: number, agency: string | undefined, layout: TemplateLayout) {
    const t = await tables(db, year, agency, layout)
    return { ...t, figures: tableFigures(t.requests, t.reviews), publishedAt: await publishedAt(db, t.requests.agency, year) }
  }

  async function csv(year: number, agency: string | undefined, layout: TemplateLayout): Promise<string> {
    const t = await tables(db, year, agency, layout)
    // Two tables, one file: a blank line between them (Excel shows both on one sheet).
    return `${requestTableCsv(t.requests)}\r\n${reviewTableCsv(t.reviews).replace(/^\uFEFF/, '')}`
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

  async function createRecord(b: Partial<ReviewRecordDto>, actor: Actor): Promise<ReviewRecordDto> {
    const id = randomUUID()
    return db.transaction(async (tx) => {
      const r = await insertReviewRecord(tx, { id, agency: b.agency ?? o.defaultAgency, kind: b.kind!, filedDate: b.filedDate!, result: b.result ?? null, concludedDate: b.concludedDate ?? null, applicationId: b.applicationId ?? null, note: b.note ?? null, createdBy: actor.user.id })
      await audit(tx, { actor: actor.user, action: 'review.create', targetType: 'reviewRecord', targetId: id, ip: actor.ip, details: { kind: b.kind, result: b.result ?? null } })
      return r
    })
  }

  async function updateRecord(id: string, b: Partial<ReviewRecordDto>, actor: Actor): Promise<ReviewRecordDto> {
    const record = await db.transaction(async (tx) => {
      const r = await updateReviewRecord(tx, id, b)
      if (r)
        await audit(tx, { actor: actor.user, action: 'review.update', targetType: 'reviewRecord', targetId: id, ip: actor.ip, details: b })
      return r
    })
    if (!record)
      throw notFound('记录')
    return record
  }

  return { summary, csv, publish, listRecords: () => listReviewRecords(db), createRecord, updateRecord }
}
