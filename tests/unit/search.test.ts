import type { CatalogEntry } from '~/shared/catalog/types'
import type { SearchQuery } from '~/shared/search'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { generateCatalog } from '~/shared/catalog/synthetic'
import { normalizeText, SEARCH_FORMAT_VERSION, SearchIndex, titlePinyin } from '~/shared/search'
import { LinearSearch } from './search-oracle'

// Timeouts are generous because the machine is shared: these tests check results, never speed.

/** Every match of a query, in order, by paging through the index. */
function all(index: SearchIndex, q: SearchQuery): string[] {
  const { total, hits } = index.search({ ...q, offset: 0, limit: 1_000_000 })
  expect(hits.length).toBe(total)
  return hits.map(h => h.id)
}

function entry(id: string, fields: Partial<CatalogEntry> = {}): CatalogEntry {
  return {
    id,
    indexNo: `11320000014000381A/2024-${id.padStart(5, '0')}`,
    title: '',
    agency: '江苏省财政厅',
    agencyId: 'js',
    createdAt: '2024-01-01',
    publishedAt: '2024-01-02',
    docNo: null,
    categoryId: 'c1',
    disclosure: 'proactive',
    summary: '',
    body: '',
    attachments: [],
    updatedAt: '2024-01-02T00:00:00.000Z',
    ...fields,
  }
}

// A small alphabet, so random titles and queries collide often (many hits, many near misses).
const ALPHABET = ['政', '府', '信', '息', '公', '开', '年', '度', '预', '算', '重', '庆', '行', 'a', 'b', 'g', 'k', 'Z', '1', '2', '〔', '〕', '（', ' ', '号', 'Ａ', '报', '告', '决']
const text = (max: number) => fc.array(fc.constantFrom(...ALPHABET), { maxLength: max }).map(a => a.join(''))
const arbEntry = fc.record({
  title: text(12),
  summary: text(16),
  docNo: fc.option(text(6), { nil: null }),
  agency: fc.constantFrom('江苏省财政厅', '重庆市人民政府办公厅', 'ABC局'),
  agencyId: fc.constantFrom('a1', 'a2'),
  publishedAt: fc.constantFrom('2022-03-01', '2023-05-06', '2024-01-02', '2024-07-08'),
  disclosure: fc.constantFrom('proactive' as const, 'onRequest' as const, 'notDisclosed' as const),
  categoryId: fc.constantFrom('c1', 'c1-1', 'c1-1-1', 'c2'),
})
const arbEntries = fc.array(arbEntry, { minLength: 1, maxLength: 40 }).map(list => list.map((f, i) => entry(String(i), f)))
const arbQuery = fc.oneof(
  text(4),
  fc.tuple(text(3), text(3)).map(([a, b]) => `${a} ${b}`),
  fc.constantFrom('zf', 'zfxx', 'zhengfu', 'gongkai', 'xinxigong', 'chongqing', 'yinhang', 'a', 'gk', 'z', 'ab', 'abc', 'jiangsu', 'js', 'czt', '年报', '年度', '预决算 公开'),
)
const CATEGORIES = [
  { id: 'c1', agencyId: 'a1', parentId: null, name: '财政信息', order: 0 },
  { id: 'c1-1', agencyId: 'a1', parentId: 'c1', name: '财政预算', order: 0 },
  { id: 'c1-1-1', agencyId: 'a1', parentId: 'c1-1', name: '部门预算', order: 0 },
  { id: 'c2', agencyId: 'a1', parentId: null, name: '机构信息', order: 1 },
]

describe('search: exact substring semantics', { timeout: 120_000 }, () => {
  const catalog = [
    entry('1', { title: '国务院办公厅关于政府信息公开的通知', docNo: '国办发〔2017〕24号', publishedAt: '2017-03-01' }),
    entry('2', { title: '关于公开政府采购结果的公告', summary: '2024年度预算执行情况', publishedAt: '2024-05-01' }),
    entry('3', { title: '重庆市2024年度部门预算公开', agency: '重庆市人民政府办公厅', docNo: '渝府办发〔2017〕61号', publishedAt: '2024-02-01' }),
    entry('4', { title: '银行业监管统计', summary: '政府信息公开工作年度报告', publishedAt: '2023-01-01' }),
  ]
  const index = SearchIndex.build(catalog)

  it('is order-sensitive: 公开政府 is not 政府公开', () => {
    expect(all(index, { text: '政府信息公开' })).toEqual(['1', '4'])
    expect(all(index, { text: '公开政府' })).toEqual(['2'])
    expect(all(index, { text: '政府公开' })).toEqual([])
  })

  it('finds one-character queries everywhere', () => {
    expect(all(index, { text: '银' })).toEqual(['4'])
    expect(all(index, { text: '预' })).toEqual(['3', '2'])
  })

  it('finds 文号 with any bracket style, and 索引号', () => {
    for (const q of ['国办发〔2017〕24号', '国办发[2017]24号', '国办发（2017）24号', '国办发【2017】24号'])
      expect(all(index, { text: q })).toEqual(['1'])
    expect(all(index, { text: '渝府办发〔2017〕61号' })).toEqual(['3'])
    expect(all(index, { text: '11320000014000381a/2024-00003' })).toEqual(['3'])
  })

  it('aNDs mixed terms, title hits first', () => {
    expect(all(index, { text: '2024 预算' })).toEqual(['3', '2'])
    expect(index.search({ text: '2024 预算' }).hits.map(h => h.titleHit)).toEqual([true, false])
  })

  it('matches the agency name', () => {
    expect(all(index, { text: '人民政府' })).toEqual(['3'])
  })

  it('finds pinyin, full and initials, also as substrings, and highlights the characters', () => {
    // 4 has 政府信息公开 in its 内容概述 only: its characters find it, its pinyin does not (a
    // summary is matched by characters only, which keeps the index small; docs/search.md).
    expect(all(index, { text: '政府信息公开' })).toEqual(['1', '4'])
    expect(all(index, { text: 'zfxxgk' })).toEqual(['1'])
    expect(all(index, { text: 'zhengfuxinxigongkai' })).toEqual(['1'])
    expect(all(index, { text: 'xinxigong' })).toEqual(['1'])
    expect(all(index, { text: 'chongqing' })).toEqual(['3'])
    expect(all(index, { text: 'yinhang' })).toEqual(['4'])
    const hit = index.search({ text: 'zfxxgk' }).hits[0]!
    expect(hit.highlights).toEqual([{ field: 'title', start: 8, end: 14 }])
    expect(catalog[0]!.title.slice(8, 14)).toBe('政府信息公开')
  })

  it('highlights literal matches in the original strings', () => {
    const hit = index.search({ text: '国办发〔2017〕24号 通知' }).hits[0]!
    expect(hit.highlights).toContainEqual({ field: 'docNo', start: 0, end: 12 })
    expect(hit.highlights).toContainEqual({ field: 'title', start: 15, end: 17 })
  })
})

describe('search: equals a linear substring scan', { timeout: 120_000 }, () => {
  it('on random entries and queries (recall and precision 1.0, same order)', () => {
    fc.assert(fc.property(arbEntries, fc.array(arbQuery, { minLength: 1, maxLength: 8 }), (entries, queries) => {
      const index = SearchIndex.build(entries, { categories: CATEGORIES })
      const oracle = new LinearSearch(entries, CATEGORIES)
      for (const text of queries)
        expect(all(index, { text })).toEqual(oracle.search({ text }))
    }), { numRuns: 150 })
  })

  it('on random entries with filters', () => {
    const arbFilter = fc.record({
      text: fc.option(arbQuery, { nil: undefined }),
      categoryId: fc.option(fc.constantFrom('c1', 'c1-1', 'c2', 'nope'), { nil: undefined }),
      agencyId: fc.option(fc.constantFrom('a1', 'a2'), { nil: undefined }),
      year: fc.option(fc.constantFrom(2022, 2024), { nil: undefined }),
      disclosure: fc.option(fc.constantFrom('proactive' as const, 'onRequest' as const), { nil: undefined }),
    }, { requiredKeys: [] })
    fc.assert(fc.property(arbEntries, fc.array(arbFilter, { minLength: 1, maxLength: 8 }), (entries, queries) => {
      const index = SearchIndex.build(entries, { categories: CATEGORIES })
      const oracle = new LinearSearch(entries, CATEGORIES)
      for (const q of queries)
        expect(all(index, q)).toEqual(oracle.search(q))
    }), { numRuns: 100 })
  })

  it('on a synthetic catalog, for substrings of real fields (1 to 6 characters) and their pinyin', () => {
    const { entries, categories } = generateCatalog({ seed: 7, count: 3000, withBody: false })
    const index = SearchIndex.build(entries, { categories })
    const oracle = new LinearSearch(entries, categories)
    const arbSynthQuery = fc.record({
      i: fc.nat(entries.length - 1),
      field: fc.constantFrom('title', 'summary', 'indexNo', 'docNo', 'agency', 'pinyin') as fc.Arbitrary<'title' | 'summary' | 'indexNo' | 'docNo' | 'agency' | 'pinyin'>,
      at: fc.nat(60),
      len: fc.integer({ min: 1, max: 6 }),
    }).map(({ i, field, at, len }) => {
      const e = entries[i]!
      const src = field === 'pinyin' ? titlePinyin(normalizeText(e.title)) : (e[field] ?? '')
      const from = Math.min(at, Math.max(0, src.length - len))
      return src.slice(from, from + len)
    })
    fc.assert(fc.property(fc.array(arbSynthQuery, { minLength: 1, maxLength: 3 }), (parts) => {
      const text = parts.join(' ')
      expect(all(index, { text })).toEqual(oracle.search({ text }))
    }), { numRuns: 300 })
    for (const text of ['年', '公', '预算', '政府信息', '年度报告', 'zfxxgk', 'zhengfuxinxigongkai', 'ysgk', 'yusuan', '2024 预算', '国办发〔2017〕24号', 'ppp', '5g', '公开政府', 'g', 'zh'])
      expect(all(index, { text }), text).toEqual(oracle.search({ text }))
  })

  it('pages through thousands of hits in the same order (the no-sort path)', () => {
    const { entries, categories } = generateCatalog({ seed: 3, count: 6000, withBody: false })
    const index = SearchIndex.build(entries, { categories })
    const oracle = new LinearSearch(entries, categories)
    for (const text of ['年', 'a 1', 'n 2', 'g', '']) {
      const expected = oracle.search({ text })
      expect(expected.length).toBeGreaterThan(2000)
      const { total } = index.search({ text })
      expect(total).toBe(expected.length)
      for (const offset of [0, 20, 1000, expected.length - 5]) {
        const page = index.search({ text, offset, limit: 20 }).hits.map(h => h.id)
        expect(page).toEqual(expected.slice(offset, offset + 20))
      }
    }
  })
})

describe('search: incremental updates and persistence', { timeout: 120_000 }, () => {
  it('after any sequence of upserts and removals equals a fresh build', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('upsert' as const), id: fc.nat(15), fields: arbEntry, withdrawn: fc.boolean() }),
      fc.record({ kind: fc.constant('remove' as const), id: fc.nat(15) }),
    )
    fc.assert(fc.property(arbEntries, fc.array(op, { maxLength: 30 }), fc.array(arbQuery, { minLength: 1, maxLength: 5 }), (initial, ops, queries) => {
      const index = SearchIndex.build(initial)
      const state = new Map(initial.map(e => [e.id, e]))
      for (const o of ops) {
        if (o.kind === 'remove') {
          index.apply({ removals: [String(o.id)] })
          state.delete(String(o.id))
        }
        else {
          const e = entry(String(o.id), { ...o.fields, withdrawn: o.withdrawn })
          index.apply({ upserts: [e] })
          if (o.withdrawn)
            state.delete(e.id)
          else
            state.set(e.id, e)
        }
      }
      const fresh = SearchIndex.build(state.values())
      const oracle = new LinearSearch([...state.values()])
      expect(index.size).toBe(state.size)
      for (const text of queries) {
        expect(all(index, { text })).toEqual(oracle.search({ text }))
        expect(all(fresh, { text })).toEqual(oracle.search({ text }))
      }
      index.compact()
      for (const text of queries)
        expect(all(index, { text })).toEqual(oracle.search({ text }))
    }), { numRuns: 100 })
  })

  it('round-trips through serialise → structured clone → load, and keeps accepting deltas', () => {
    const { entries, categories } = generateCatalog({ seed: 11, count: 1500, withBody: false })
    const index = SearchIndex.build(entries.slice(0, 1200), { categories })
    index.apply({ upserts: entries.slice(1200), removals: ['syn-5', 'syn-6'] })
    const saved = structuredClone(index.serialize())
    expect(saved.version).toBe(SEARCH_FORMAT_VERSION)
    expect(saved.buffers.every(b => b instanceof ArrayBuffer)).toBe(true)
    const loaded = SearchIndex.load(saved)
    const queries: SearchQuery[] = [{ text: '年' }, { text: '预算' }, { text: 'zfxxgk' }, { text: '2024 预算' }, { text: '' }, { text: '通知', categoryId: categories[1]!.id }, { text: '公开', year: 2024, disclosure: 'onRequest' }]
    for (const q of queries)
      expect(loaded.search({ ...q, limit: 10_000 })).toEqual(index.search({ ...q, limit: 10_000 }))
    expect(loaded.size).toBe(1498)
    expect(loaded.has('syn-5')).toBe(false)

    const changed = { ...entries[7]!, title: '关于测试增量更新政府信息公开的通知' }
    loaded.apply({ upserts: [changed, { ...entries[8]!, withdrawn: true }] })
    const oracle = new LinearSearch([...entries.filter(e => !['syn-5', 'syn-6', 'syn-7', 'syn-8'].includes(e.id)), changed], categories)
    for (const text of ['增量', 'zfxxgk', '年', '预算 2024'])
      expect(all(loaded, { text })).toEqual(oracle.search({ text }))
    const again = SearchIndex.load(loaded.serialize())
    for (const text of ['增量', 'zfxxgk', '年'])
      expect(all(again, { text })).toEqual(oracle.search({ text }))
  })

  it('does not grow its key tables with the number of entries when titles repeat', () => {
    const index = SearchIndex.build(Array.from({ length: 200 }, (_, i) => entry(String(i), { title: '政府信息公开' })))
    const { textKeys, pinyinKeys } = index.stats()
    const single = SearchIndex.build([entry('0', { title: '政府信息公开' })]).stats()
    expect(pinyinKeys).toBe(single.pinyinKeys)
    // 索引号 serials differ, so digit grams are added, at most 10 + 100 of them.
    expect(textKeys).toBeLessThanOrEqual(single.textKeys + 110)
  })

  it('refuses an unknown format version (the caller rebuilds)', () => {
    const saved = SearchIndex.build([entry('1', { title: '测试' })]).serialize()
    expect(() => SearchIndex.load({ ...saved, version: 999 })).toThrow(/version 999/)
  })

  it('loads an empty index', () => {
    const loaded = SearchIndex.load(new SearchIndex().serialize())
    expect(loaded.search({ text: '年' })).toEqual({ total: 0, hits: [] })
    loaded.upsert(entry('1', { title: '年度报告' }))
    expect(all(loaded, { text: '年' })).toEqual(['1'])
  })
})

describe('synthetic catalog', { timeout: 120_000 }, () => {
  it('is deterministic for a seed and count, and a prefix of a larger count', () => {
    const a = generateCatalog({ seed: 5, count: 300 })
    expect(generateCatalog({ seed: 5, count: 300 })).toEqual(a)
    expect(generateCatalog({ seed: 5, count: 500 }).entries.slice(0, 300)).toEqual(a.entries)
    expect(generateCatalog({ seed: 6, count: 300 }).entries).not.toEqual(a.entries)
  })

  it('is clearly synthetic yet realistic', () => {
    const { entries, categories, agencies } = generateCatalog({ seed: 1, count: 2000 })
    expect(entries.every(e => e.synthetic && e.id.startsWith('syn-') && e.body.startsWith('（示例数据'))).toBe(true)
    expect(new Set(entries.map(e => e.indexNo)).size).toBe(entries.length)
    expect(entries.every(e => /^[0-9A-Z]{18}\/\d{4}-\d{5,}$/.test(e.indexNo))).toBe(true)
    expect(entries.some(e => /^国办发〔\d{4}〕\d+号$/.test(e.docNo ?? ''))).toBe(true)
    expect(entries.some(e => e.title.includes('政府信息公开工作年度报告'))).toBe(true)
    expect(entries.some(e => e.title.includes('年度部门预算公开'))).toBe(true)
    expect(agencies.length).toBeGreaterThanOrEqual(5)
    const ids = new Set(categories.map(c => c.id))
    expect(entries.every(e => ids.has(e.categoryId))).toBe(true)
    const used = new Set(entries.map(e => categories.find(c => c.id === e.categoryId)!.name))
    expect(used.size).toBeGreaterThan(20)
  })
})
