/**
 * The year's statistics from the cases themselves, and the 行政复议 / 行政诉讼 records they count.
 * Published figures go to published_figures (agency, year, key): the reports table has no figures
 * column yet; when it does, publishing should write there too.
 */
import type { TemplateLayout } from '../../../shared/outcomes'
import type { ReviewRecordDto } from '../../../shared/review/api'
import type { StatCase } from '../../../shared/statistics'
import type { Db, Queryable } from '../../platform/db'
import type { Actor } from '../cases/service'
import { randomUUID } from 'node:crypto'
import { applicantColumn } from '../../../shared/application'
import { defaultWorkCalendar } from '../../../shared/calendar'
import { buildRequestTable, buildReviewTable, requestTableCsv, reviewTableCsv, tableFigures } from '../../../shared/statistics'
import { notFound } from '../../platform/errors'
import { loadApplications, loadEvents } from '../cases/store'
import { caseView } from '../cases/view'
import { readSettings } from '../settings'
import { audit } from '../store'
import { insertReviewRecord, listReviewRecords, publishedAt, replacePublishedFigures, updateReviewRecord } from './store'

export function statisticsService(o: { db: Db, defaultAgency: string }) {
  const { db } = o
  const calendar = defaultWorkCalendar()

  async function tables(q: Queryable, year: number, agencyIn: string | undefined, layout: TemplateLayout) {
    const agency = agencyIn || o.defaultAgency
    const apps = await loadApplications(q)
    const events = await loadEvents(q)
    const opts = { calendar, today: new Date().toISOString(), settings: await readSettings(q), defaultAgency: o.defaultAgency }
    const cases: StatCase[] = []
    const agencies = new Set<string>([o.defaultAgency])
    for (const a of apps) {
      const v = caseView(a, events.get(a.id) ?? [], opts)
      agencies.add(v.item.agency)
      if (!v.clock.receiptDate)
        continue
      cases.push({
        id: a.id,
        agencyId: v.item.agency,
        column: applicantColumn(a.applicantType as 'natural' | 'organization', a.orgSubtype as never),
        receivedDate: v.clock.receiptDate,
        answeredDate: v.clock.answeredOn,
        outcome: v.clock.outcome,
      })
    }
    const reviews = await listReviewRecords(q)
    const requests = buildRequestTable(cases, { year, agency, agencyId: agency, layout })
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
