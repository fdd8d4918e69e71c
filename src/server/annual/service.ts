/**
 * Annual report drafts (issue 20): generate one for an agency and year from the platform's own
 * records, let staff edit the prose, check it with the project's importer, publish it as an
 * ordinary report. The service takes an explicit agency id and year; which agencies a staff
 * member may draft for is the caller's guard (agency scoping is added at the routes).
 *
 * Publishing goes through the same path as an uploaded report: the rendered text is imported,
 * stored as a report (draft), then made public with `publishReport`, so citizens get it with
 * figures, spans, charts, compare and pull sync like every other report. The two steps are two
 * transactions; a failure between them leaves an invisible draft report that the next publish
 * replaces.
 */
import type { AnnualSection, AnnualTables } from '../../shared/annual'
import type { ReportDetail } from '../../shared/api'
import type { Db } from '../platform/db'
import type { Actor } from '../staff/cases/service'
import type { StatAgency } from '../staff/cases/store'
import type { DraftRow } from './store'
import { createHash } from 'node:crypto'
import { ANNUAL_SECTION_KEYS, annualFigures, annualTitle, checkAnnualText, draftOverview, generateAnnual, renderAnnualText } from '../../shared/annual'
import { agencyRef } from '../agencies/store'
import { ApiError, badField, notFound } from '../platform/errors'
import { getStaffReport, publishReport, upsertReport } from '../reports/store'
import { agencyIdByName } from '../staff/scope/store'
import { statisticsService } from '../staff/statistics/service'
import { audit } from '../staff/store'
import { catalogEntriesFor, describeSources, feesCharged, getDraft, linkReportAgency, listDrafts, markPublished, publicationOverview, reportOf, saveDraft, updateDraft } from './store'

/** The source name a published draft's report carries: how the service knows the report is its own. */
const sourceName = (draftId: string) => `annual-draft:${draftId}`

/** A draft's id: one per agency and year, so generating twice is the same draft. */
export function draftId(agencyId: string, year: number): string {
  return `ad-${createHash('sha256').update(`${agencyId}\u0000${year}`).digest('hex').slice(0, 16)}`
}

/** What staff may change. */
export interface DraftEdit { version: number, sections?: Partial<Record<AnnualSection, string>>, adminFeesWan?: number }

export function annualService(o: { db: Db, defaultAgency: string }) {
  const { db } = o
  const stats = statisticsService({ db, defaultAgency: o.defaultAgency })

  function render(d: Pick<DraftRow, 'agency' | 'year' | 'template' | 'sections' | 'tables'>): string {
    return renderAnnualText({ agency: d.agency, year: d.year, template: d.template, sections: d.sections, tables: d.tables })
  }

  /** The draft with its text and the publish check's result. */
  function view(d: DraftRow) {
    const text = render(d)
    const { imported, failures } = checkAnnualText(text, d.figures, { agency: d.agency, year: d.year })
    // exactly the record citizens would receive (id and dates aside)
    const preview: ReportDetail = {
      id: d.reportId ?? d.id,
      title: imported.title || annualTitle(d.agency, d.year),
      agency: d.agency,
      agencyId: d.agencyId,
      year: d.year,
      publishedAt: d.publishedAt?.slice(0, 10) ?? null,
      template: imported.template,
      region: null,
      updatedAt: d.updatedAt,
      body: imported.text,
      figures: imported.figures,
      problems: imported.problems,
      sections: imported.sections,
    }
    const { sources: _s, ...rest } = d
    return { draft: { ...rest, sourceKeys: Object.keys(d.sources) }, text, preview, check: { ok: failures.length === 0, failures } }
  }

  /**
   * Whose cases, appeals and fees a draft counts: the agency's by directory id, so a renamed agency
   * keeps them, and those with no agency id cached under its current name (registered by name
   * before the directory) or, for the deployment's default agency, under the default's text (what
   * a legacy case with no name of its own carries). Unlike the statistics page's scope rule, a
   * legacy case registered by another agency's name is not the default agency's: one case, one report.
   */
  async function annualAgency(agency: { id: string, name: string }): Promise<StatAgency> {
    const isDefault = (await agencyIdByName(db, o.defaultAgency)) === agency.id
    return { id: agency.id, defaultAgencyId: null, legacyNames: [...new Set([agency.name, ...(isDefault ? [o.defaultAgency] : [])])] }
  }

  async function generate(agencyId: string, year: number, actor: Actor) {
    const agency = await agencyRef(db, agencyId)
    if (!agency)
      throw badField('agencyId', '没有这个机关 (no such agency)')
    const y = String(year).padStart(4, '0')
    const [first, last] = [`${y}-01-01`, `${y}-12-31`]
    const by = await annualAgency(agency)
    const { cases, appeals } = await stats.inputs(year, agency.name, by)
    const catalog = await catalogEntriesFor(db, agencyId, first, last)
    const fees = await feesCharged(db, by, first, last)
    const id = draftId(agencyId, year)
    return db.transaction(async (tx) => {
      const prior = await getDraft(tx, id, true)
      const g = generateAnnual({ agency: agency.name, agencyId, year, cases, appeals, catalog, fees, adminFeesWan: prior?.tables.adminFeesWan ?? 0 })
      const edited = prior?.edited ?? []
      const sections = Object.fromEntries(ANNUAL_SECTION_KEYS.map(k => [k, edited.includes(k) ? prior!.sections[k] : ''])) as Record<AnnualSection, string>
      if (!edited.includes('overview'))
        sections.overview = g.overview
      await saveDraft(tx, { id, agencyId, agency: agency.name, year, template: g.template, sections, edited, tables: g.tables, figures: g.figures, sources: g.sources, by: actor.user.username })
      await audit(tx, { actor: actor.user, action: 'annual.generate', targetType: 'annualDraft', targetId: id, ip: actor.ip, details: { agencyId, year, figures: Object.keys(g.figures).length } })
      return { created: !prior, ...view((await getDraft(tx, id))!) }
    })
  }

  async function get(id: string) {
    const d = await getDraft(db, id)
    if (!d)
      throw notFound('年度报告草稿')
    return view(d)
  }

  async function edit(id: string, e: DraftEdit, actor: Actor) {
    return db.transaction(async (tx) => {
      const d = await getDraft(tx, id, true)
      if (!d)
        throw notFound('年度报告草稿')
      if (d.version !== e.version)
        throw stale(d.version)
      const sections = { ...d.sections }
      const edited = new Set(d.edited)
      for (const [k, v] of Object.entries(e.sections ?? {}) as [AnnualSection, string][]) {
        sections[k] = v
        edited.add(k)
      }
      const tables: AnnualTables = { ...d.tables, adminFeesWan: e.adminFeesWan ?? d.tables.adminFeesWan }
      await updateDraft(tx, id, e.version, { sections, edited: [...edited], tables, figures: annualFigures(tables), by: actor.user.username })
      await audit(tx, { actor: actor.user, action: 'annual.edit', targetType: 'annualDraft', targetId: id, ip: actor.ip, details: { version: e.version, sections: Object.keys(e.sections ?? {}), adminFeesWan: e.adminFeesWan } })
      return view((await getDraft(tx, id))!)
    })
  }

  /** Puts 一、总体情况 back to the text drafted from the figures. */
  async function redraftOverview(id: string, version: number, actor: Actor) {
    const d = await getDraft(db, id)
    if (!d)
      throw notFound('年度报告草稿')
    const out = await edit(id, { version, sections: { overview: draftOverview(d.agency, d.year, d.tables) } }, actor)
    return out
  }

  async function publish(id: string, version: number, actor: Actor) {
    const d = await getDraft(db, id)
    if (!d)
      throw notFound('年度报告草稿')
    if (d.version !== version)
      throw stale(d.version)
    const text = render(d)
    const { imported, failures } = checkAnnualText(text, d.figures, { agency: d.agency, year: d.year })
    if (failures.length) {
      throw new ApiError(422, 'report_inconsistent', `草稿未通过一致性检查（${failures.length} 项），请修改后再发布 (the draft fails ${failures.length} consistency checks)`, 'sections', { failures })
    }
    const existing = await reportOf(db, d.agency, d.agencyId, d.year)
    if (existing && existing.sourceName !== sourceName(d.id) && existing.visibility === 'public')
      throw new ApiError(409, 'already_published', `${d.agency} ${d.year} 年度报告已经以其他方式发布 (a report for this agency and year is already public)`, 'id', { reportId: existing.id })
    const reportId = existing?.id ?? `r-${createHash('sha256').update(`${d.agency}\u0000${d.year}`).digest('hex').slice(0, 16)}`
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
    await upsertReport(db, {
      id: reportId,
      title: imported.title,
      agency: d.agency,
      year: d.year,
      publishedAt: today,
      template: imported.template,
      body: imported.text,
      sourceName: sourceName(d.id),
      figures: imported.figures,
      problems: imported.problems,
      sections: imported.sections,
      format: imported.format,
      contentHash: createHash('sha256').update(text).digest('hex'),
      visibility: 'draft',
      uploadedBy: actor.user.username,
    })
    const report = (await getStaffReport(db, reportId))!
    await db.transaction(async (tx) => {
      await linkReportAgency(tx, reportId, d.agencyId)
      await markPublished(tx, d.id, version, reportId, actor.user.username)
      await audit(tx, { actor: actor.user, action: 'annual.publish', targetType: 'annualDraft', targetId: d.id, ip: actor.ip, details: { reportId, version } })
    })
    // the ordinary publishing step: public, change log, devices pull it
    await publishReport(db, reportId, actor.user.username, report.version)
    await audit(db, { actor: actor.user, action: 'report.publish', targetType: 'report', targetId: reportId, ip: actor.ip, details: { from: 'annual', draft: d.id } })
    return { reportId, ...view((await getDraft(db, id))!) }
  }

  async function sources(id: string, key: string) {
    const d = await getDraft(db, id)
    if (!d)
      throw notFound('年度报告草稿')
    if (!Object.hasOwn(d.figures, key) && !Object.hasOwn(d.sources, key) && !/^proactive\.\w+\.\w+$/.test(key))
      throw badField('key', '草稿中没有这个数字 (no such figure in the draft)')
    return { key, value: d.figures[key] ?? null, ...await describeSources(db, d.sources[key] ?? {}) }
  }

  /** Which agencies have published the year's report, and whether by 31 January (Art. 50). */
  async function overview(year: number) {
    const deadline = `${String(year + 1).padStart(4, '0')}-01-31`
    const rows = await publicationOverview(db, year)
    return {
      year,
      deadline,
      agencies: rows.map((r) => {
        const on = r.draftPublishedAt ? new Date(new Date(r.draftPublishedAt).getTime() + 8 * 3600_000).toISOString().slice(0, 10) : r.reportPublishedOn
        return { agencyId: r.agencyId, agency: r.agency, draftId: r.draftId, reportId: r.reportId, publishedOn: r.reportId ? on : null, onTime: r.reportId !== null && on !== null && on <= deadline }
      }),
    }
  }

  return { generate, get, edit, redraftOverview, publish, sources, overview, list: (year: number) => listDrafts(db, year) }
}

function stale(version: number): ApiError {
  return new ApiError(409, 'stale_version', '草稿已被他人修改：请重新打开后再操作 (the draft changed since you opened it)', 'version', { version })
}
