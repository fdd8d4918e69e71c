/**
 * The catalog search benchmark itself, runtime-agnostic: search.bench.ts runs it in a real
 * Chromium page (bundled by Vite) and, for comparison, in Node. It measures our index and two
 * peers, FlexSearch 0.8 (CJK charset, context index = adjacent-character pairs) and MiniSearch
 * (unigram + bigram tokenizer, AND), on the same generated catalog and the same fixed queries, and
 * checks every engine's full result set against a linear substring scan.
 */
import type { CatalogEntry } from '../../src/shared/catalog/types'
import type { SerializedSearchIndex } from '../../src/shared/search/types'
import { Charset, Document } from 'flexsearch'
import MiniSearch from 'minisearch'
import { generateCatalog } from '../../src/shared/catalog/synthetic'
import { normalizeText } from '../../src/shared/search/normalize'
import { SearchIndex } from '../../src/shared/search/search-index'
import { LinearSearch } from '../unit/search-oracle'

/** The fixed query set, by kind. */
export const QUERIES: Record<string, string[]> = {
  '1 char': ['年', '税', '港', '号', '育', '险'],
  '2 chars': ['预算', '公开', '应急', '采购', '招聘', '养老'],
  '4 chars': ['政府信息', '乡村振兴', '安全生产', '年度报告', '营商环境', '公开政府'],
  'pinyin': ['zfxxgk', 'zhengfuxinxigongkai', 'yusuan', 'ysgk', 'xczx', 'anquanshengchan', 'cq'],
  'mixed': ['2024 预算', '国办发〔2017〕24号', '渝府办发〔2017〕61号', '5G 基站', '2023 工作总结', 'PPP 名单', '11320000014000381A/2024'],
}

export interface EngineResult {
  name: string
  buildMs: number
  sizeBytes: number | null
  loadMs: number | null
  p50: number
  p95: number
  /** p95 per query kind. */
  p95ByKind: Record<string, number>
  recall: number
  precision: number
  exactQueries: number
}

export interface SearchBenchResult {
  count: number
  queries: number
  generateMs: number
  engines: EngineResult[]
  /** Our cold load through the given store (IndexedDB in the browser), when one is given. */
  storeWriteMs: number | null
  storeColdLoadMs: number | null
  ourApproxBytes: number
}

export interface SearchBenchOptions {
  count: number
  /** Timed passes over the query set (after one warm-up pass). */
  passes?: number
  /** Persists a serialised index and returns a function that reads it back (IndexedDB in the page). */
  store?: (data: SerializedSearchIndex) => Promise<() => Promise<SerializedSearchIndex>>
  log?: (msg: string) => void
}

interface Engine {
  name: string
  /** The top `limit` ids. */
  search: (q: string, limit: number) => string[]
}

const now = () => performance.now()

function pct(sample: number[], p: number): number {
  const s = [...sample].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN
}

function bigrams(text: string, forQuery: boolean): string[] {
  const out: string[] = []
  for (const token of normalizeText(text).split(' ')) {
    if (!token)
      continue
    if (forQuery && token.length === 1) {
      out.push(token)
      continue
    }
    for (let i = 0; i < token.length; i++) {
      if (!forQuery)
        out.push(token[i]!)
      if (i + 1 < token.length)
        out.push(token.slice(i, i + 2))
    }
  }
  return out
}

function flat(e: CatalogEntry) {
  return { id: e.id, title: e.title, summary: e.summary, indexNo: e.indexNo, docNo: e.docNo ?? '', agency: e.agency }
}

export async function runSearchBench(opts: SearchBenchOptions): Promise<SearchBenchResult> {
  const log = opts.log ?? (() => {})
  const passes = opts.passes ?? 7
  let t = now()
  const { entries, categories } = generateCatalog({ count: opts.count, withBody: false })
  const generateMs = now() - t
  log(`generated ${entries.length} entries in ${generateMs.toFixed(0)} ms`)

  const all = Object.entries(QUERIES).flatMap(([kind, qs]) => qs.map(q => ({ kind, q })))
  const oracle = new LinearSearch(entries, categories)
  const truth = new Map(all.map(({ q }) => [q, new Set(oracle.search({ text: q }))]))
  log('linear scan done')

  const results: EngineResult[] = []
  const measure = (engine: Engine, buildMs: number, sizeBytes: number | null, loadMs: number | null) => {
    for (const { q } of all)
      engine.search(q, 20)
    const perQuery = all.map(() => [] as number[])
    for (let p = 0; p < passes; p++) {
      all.forEach(({ q }, i) => {
        const t0 = now()
        engine.search(q, 20)
        perQuery[i]!.push(now() - t0)
      })
    }
    const samples = perQuery.map(s => pct(s, 50))
    const byKind: Record<string, number[]> = {}
    all.forEach(({ kind }, i) => (byKind[kind] ??= []).push(samples[i]!))
    let recall = 0
    let precision = 0
    let exact = 0
    for (const { q } of all) {
      const want = truth.get(q)!
      const got = new Set(engine.search(q, 1_000_000))
      let both = 0
      for (const id of got) {
        if (want.has(id))
          both++
      }
      recall += want.size ? both / want.size : 1
      precision += got.size ? both / got.size : 1
      if (both === want.size && both === got.size)
        exact++
    }
    results.push({
      name: engine.name,
      buildMs,
      sizeBytes,
      loadMs,
      p50: pct(samples, 50),
      p95: pct(samples, 95),
      p95ByKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, pct(v, 95)])),
      recall: recall / all.length,
      precision: precision / all.length,
      exactQueries: exact,
    })
    log(`${engine.name}: p95 ${results.at(-1)!.p95.toFixed(2)} ms`)
  }

  // Ours.
  t = now()
  const built = SearchIndex.build(entries, { categories })
  const buildMs = now() - t
  const ourApproxBytes = built.stats().approxBytes
  log(`gongkai built in ${buildMs.toFixed(0)} ms`)
  const saved = built.serialize()
  const size = saved.buffers.reduce((n, b) => n + b.byteLength, 0) + saved.header.length * 2
  const copy = structuredClone(saved)
  t = now()
  let ours = SearchIndex.load(copy)
  const loadMs = now() - t
  let storeWriteMs: number | null = null
  let storeColdLoadMs: number | null = null
  if (opts.store) {
    t = now()
    const read = await opts.store(saved)
    storeWriteMs = now() - t
    t = now()
    ours = SearchIndex.load(await read())
    storeColdLoadMs = now() - t
  }
  measure({ name: 'Gongkai', search: (q, limit) => ours.search({ text: q, limit }).hits.map(h => h.id) }, buildMs, size, storeColdLoadMs ?? loadMs)

  // FlexSearch 0.8: CJK charset splits into characters; the context index scores adjacent pairs.
  t = now()
  const flex = new Document({
    document: { id: 'id', index: ['title', 'summary', 'indexNo', 'docNo', 'agency'] },
    encoder: Charset.CJK,
    tokenize: 'strict',
    context: { depth: 1, bidirectional: false, resolution: 9 },
  } as never) as unknown as { add: (doc: object) => void, search: (q: string, o: object) => { id: string }[] }
  for (const e of entries)
    flex.add(flat(e))
  const flexBuild = now() - t
  log(`flexsearch built in ${flexBuild.toFixed(0)} ms`)
  measure({ name: 'FlexSearch 0.8', search: (q, limit) => flex.search(q, { limit, merge: true }).map(r => String(r.id)) }, flexBuild, null, null)

  // MiniSearch: unigrams and bigrams at index time; a query is its bigrams (or its one character), ANDed.
  t = now()
  const mini = new MiniSearch({
    fields: ['title', 'summary', 'indexNo', 'docNo', 'agency'],
    tokenize: text => bigrams(text, false),
    processTerm: term => term,
    searchOptions: { combineWith: 'AND', prefix: false, fuzzy: false, tokenize: text => bigrams(text, true) },
  })
  mini.addAll(entries.map(flat))
  const miniBuild = now() - t
  log(`minisearch built in ${miniBuild.toFixed(0)} ms`)
  const json = JSON.stringify(mini)
  t = now()
  const mini2 = MiniSearch.loadJSON(json, {
    fields: ['title', 'summary', 'indexNo', 'docNo', 'agency'],
    tokenize: text => bigrams(text, false),
    processTerm: term => term,
    searchOptions: { combineWith: 'AND', prefix: false, fuzzy: false, tokenize: text => bigrams(text, true) },
  })
  const miniLoad = now() - t
  measure({ name: 'MiniSearch', search: (q, limit) => mini2.search(q).slice(0, limit).map(r => String(r.id)) }, miniBuild, new TextEncoder().encode(json).length, miniLoad)

  return { count: entries.length, queries: all.length, generateMs, engines: results, storeWriteMs, storeColdLoadMs, ourApproxBytes }
}
