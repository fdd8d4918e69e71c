/**
 * Search as citizens type it (issue 18), over the real seed catalog: pinyin of agency names,
 * 文号 and 内容概述 as well as titles, traditional characters, domain synonyms. Each row says a
 * query must find exactly what another finds (or at least the given entries).
 */
import type { CatalogEntry } from '~/shared/catalog/types'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadTraditionalFold, SearchIndex, termVariants } from '~/shared/search'
import { LinearSearch } from './search-oracle'

interface SeedFile {
  agencies: { id: string, name: string }[]
  entries: { agencyId: string, title: string, published: string, docNo?: string, summary?: string, reportId?: string }[]
}
const seed = JSON.parse(readFileSync(new URL('../../src/server/seed-data/catalog.json', import.meta.url), 'utf8')) as SeedFile
const entries: CatalogEntry[] = seed.entries.map((e, i) => ({
  id: `seed-${i + 1}`,
  indexNo: `GK-SEED/${e.published.slice(0, 4)}-${i + 1}`,
  title: e.title,
  agency: seed.agencies.find(a => a.id === e.agencyId)!.name,
  agencyId: e.agencyId,
  createdAt: e.published,
  publishedAt: e.published,
  docNo: e.docNo ?? null,
  categoryId: `${e.agencyId}-c1`,
  disclosure: 'proactive',
  summary: e.summary ?? '',
  body: '',
  attachments: [],
  updatedAt: '2026-01-01T00:00:00.000Z',
}))
const reports = seed.entries.flatMap((e, i) => e.reportId ? [`seed-${i + 1}`] : [])
const index = SearchIndex.build(entries)
const oracle = new LinearSearch(entries)
const fold = await loadTraditionalFold()

function ids(text: string): string[] {
  const { total, hits } = index.search({ text, fold, limit: 1000 })
  expect(hits.length).toBe(total)
  // The index and the linear scan agree on every query, variants and folding included.
  expect(hits.map(h => h.id)).toEqual(oracle.search({ text, fold }))
  return hits.map(h => h.id).sort()
}

describe('search finds what citizens type', () => {
  it.each([
    ['jinshi', '津市'],
    ['jss', '津市市'],
    ['guobanfa', '国办发'],
    ['gbf', '国办发'],
    ['yufubanfa', '渝府办发'],
    ['shenyang', '沈阳'],
    ['條例', '条例'],
    ['國務院辦公廳', '国务院办公厅'],
    ['政務公開', '政务公开'],
    ['宿州市政府信息公開', '宿州市政府信息公开'],
  ])('%s finds what %s finds', (query, reference) => {
    const want = ids(reference)
    expect(want.length).toBeGreaterThan(0)
    // Pinyin may find more (homophones, syllables across words: 推进…市 reads jin…shi), never less.
    expect(ids(query)).toEqual(expect.arrayContaining(want))
    if (!/^[a-z]+$/.test(query))
      expect(ids(query)).toEqual(want)
  })

  it('年报 finds every annual report (titled 年度报告, 工作报告 or 工作情况报告)', () => {
    expect(reports).toHaveLength(5)
    expect(ids('年报')).toEqual(expect.arrayContaining(reports))
    expect(ids('津市 年报')).toEqual([reports[3]])
  })

  it('finds 津市 in agency names through pinyin and highlights the characters', () => {
    const hit = index.search({ text: 'jinshi', limit: 50 }).hits.find(h => h.id === reports[3])!
    expect(hit.highlights).toContainEqual({ field: 'title', start: 0, end: 2 })
    const byAgency = index.search({ text: 'jinshishi', limit: 50 }).hits.find(h => h.highlights.some(r => r.field === 'agency'))
    expect(byAgency?.highlights.find(r => r.field === 'agency')).toEqual({ field: 'agency', start: 0, end: 3 })
  })

  it('a 文号 read in pinyin highlights the 文号', () => {
    const hit = index.search({ text: 'guobanfa' }).hits[0]!
    expect(hit.highlights).toEqual([{ field: 'docNo', start: 0, end: 3 }])
  })

  it.each([
    ['年报', ['年报', '年度报告', '政府信息公开工作报告', '政府信息公开工作情况报告']],
    ['2023年报', ['2023年报', '2023年度报告', '2023政府信息公开工作报告', '2023政府信息公开工作情况报告']],
    ['预决算', ['预决算', '预算', '决算']],
    ['政府', ['政府']],
    ['jinshi', ['jinshi']],
  ])('the variants of %s', (term, variants) => {
    expect(termVariants(term, fold)).toEqual(variants)
  })

  it('keeps a simplified query as it is and adds its folded form to a traditional one', () => {
    expect(termVariants('国务院', fold)).toEqual(['国务院'])
    expect(termVariants('國務院', fold)).toEqual(['國務院', '国务院'])
    expect(fold('guobanfa 2017')).toBe('guobanfa 2017')
  })
})
