/**
 * Offline full-text search over the disclosure catalog, exact for Chinese.
 *
 * Semantics (the contract the tests check against a linear scan): the query is normalised
 * (normalize.ts) and split on whitespace into terms; an entry matches when EVERY term is a
 * substring of its title, 内容概述, 索引号, 文号 or 发布机构 — or, for a term of Latin letters
 * only, of the full pinyin or pinyin initials of its title, 文号 or 发布机构 (pinyin.ts).
 * A term may have variants (terms.ts: traditional characters folded, a few domain synonyms); it
 * matches when any variant does. Nothing fuzzy, nothing order-insensitive: 公开政府 does not
 * match 政府公开.
 *
 * Design, for a newcomer:
 * - Every entry gets a slot number; slots only grow. Removing an entry (or replacing it) marks its
 *   slot dead and frees its strings; `compact()` renumbers when the dead pile up.
 * - Two posting tables (postings.ts) map grams to slots. The text table holds every character
 *   (unigram) and every pair of adjacent characters (bigram) of each field, with a flag for
 *   "occurs in the title". The pinyin table holds letter 1-, 2- and 3-grams of the pinyin of the
 *   title (flagged) and of 文号; agency names have their pinyin per distinct name. 内容概述 is
 *   matched by its characters only: its pinyin had cost more than the rest of the index together
 *   (docs/search.md, "Pinyin beyond titles"), and a citizen typing pinyin names a document or an
 *   agency, not a sentence of its summary.
 * - A term of one or two characters (three letters, for pinyin) IS a gram: its posting list is the
 *   exact answer. A longer term intersects the lists of its rarest grams to get candidates, then
 *   checks each candidate with a real substring test on the stored normalised fields. So recall
 *   and precision are exact by construction, and the grams only decide how much is checked.
 * - 发布机构 is matched once per distinct agency name, not per entry.
 * - Ranking: entries where more terms hit the title come first, then newer 发布日期, then id. A
 *   global order of all slots by date is kept (rebuilt lazily after changes), so a query with
 *   tens of thousands of hits walks that order and stops at the page it needs instead of sorting.
 * - Persistence writes the frozen posting tables and per-slot columns as ArrayBuffers; loading
 *   wraps them again, so a cold start never re-tokenises or recomputes pinyin.
 */
import type { CatalogCategory, CatalogEntry, Disclosure } from '../catalog/types'
import type { PostingTableData } from './postings'
import type { SearchDelta, SearchField, SearchHighlight, SearchHit, SearchIndexStats, SearchQuery, SearchResult, SerializedSearchIndex } from './types'
import { isPinyinTerm, normalizeJoined, normalizeText } from './normalize'
import { pinyinRanges, titlePinyin } from './pinyin'
import { PostingTable } from './postings'
import { queryGroups } from './terms'
import { SEARCH_FORMAT, SEARCH_FORMAT_VERSION } from './types'

/** Separates 内容概述, 索引号 and 文号 inside one stored string; normalisation never produces it. */
const SEP = '\u0001'
const DISCLOSURE_CODES: Record<Disclosure, number> = { proactive: 1, onRequest: 2, notDisclosed: 3 }
const MAX_TERMS = 32
/** Below this many candidates, sorting them beats walking the global date order. */
const SORT_LIMIT = 4096

export interface SearchIndexOptions {
  categories?: readonly CatalogCategory[]
}

function grow<T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(a: T, need: number): T {
  if (need <= a.length)
    return a
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2, 64))
  b.set(a)
  return b
}

/** Year of an ISO date string (0 if unreadable). */
function yearOf(iso: string): number {
  const y = Number.parseInt(iso.slice(0, 4), 10)
  return Number.isFinite(y) && y > 0 ? y : 0
}

function timeOf(iso: string): number {
  const t = Date.parse(iso)
  return Number.isFinite(t) ? t : 0
}

/** Interns strings to small integers (category ids, agency ids, agency names). */
class Interner {
  readonly list: string[] = []
  private readonly map = new Map<string, number>()
  constructor(list: readonly string[] = []) {
    for (const s of list)
      this.of(s)
  }

  of(s: string): number {
    let i = this.map.get(s)
    if (i === undefined) {
      i = this.list.length
      this.list.push(s)
      this.map.set(s, i)
    }
    return i
  }

  find(s: string): number {
    return this.map.get(s) ?? -1
  }
}

function pinyinKey(term: string, at: number, len: number): number {
  let k = 0
  for (let i = 0; i < len; i++)
    k = k * 27 + (term.charCodeAt(at + i) - 96)
  return k
}

function bigramKey(s: string, at: number): number {
  return ((s.charCodeAt(at) << 16) | s.charCodeAt(at + 1)) >>> 0
}

/** Slots present in both sorted lists; `values` hold slot * 2 + flag. */
function intersect(slots: Uint32Array, values: Uint32Array): Uint32Array {
  const out = new Uint32Array(Math.min(slots.length, values.length))
  let n = 0
  let j = 0
  for (let i = 0; i < slots.length && j < values.length; i++) {
    const s = slots[i]!
    while (j < values.length && values[j]! >>> 1 < s) j++
    if (j < values.length && values[j]! >>> 1 === s)
      out[n++] = s
  }
  return out.subarray(0, n)
}

const FIELD_ORDER: SearchField[] = ['title', 'summary', 'indexNo', 'docNo', 'agency']

/** Sorts ranges by field (title first) and position, merging overlaps. */
function mergeRanges(list: SearchHighlight[]): SearchHighlight[] {
  list.sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field) || a.start - b.start)
  const out: SearchHighlight[] = []
  for (const h of list) {
    const last = out.at(-1)
    if (last && last.field === h.field && h.start <= last.end)
      last.end = Math.max(last.end, h.end)
    else
      out.push({ ...h })
  }
  return out
}

export class SearchIndex {
  private text = new PostingTable()
  private py = new PostingTable()

  // Per slot.
  private n = 0
  private ids: string[] = []
  private titles: string[] = []
  /** 内容概述 SEP 索引号 SEP 文号, normalised. */
  private others: string[] = []
  /** Title pinyin: `full initials`. */
  private pys: string[] = []
  /** Pinyin of 文号: `full initials`, or '' when the entry has none. */
  private opys: string[] = []
  private alive = new Uint8Array(0)
  private time = new Float64Array(0)
  private year = new Uint16Array(0)
  private disc = new Uint8Array(0)
  private cat = new Uint32Array(0)
  private agency = new Uint16Array(0)
  private agencyName = new Uint16Array(0)
  private dead = 0

  private bySlot = new Map<string, number>()
  private catIds = new Interner()
  private agencyIds = new Interner()
  /** Normalised agency names. */
  private agencyNames = new Interner()
  /** The pinyin of each agency name, by its place in `agencyNames`. */
  private agencyPys: string[] = []
  private categories = new Map<string, CatalogCategory>()
  private children = new Map<string, string[]>()

  // Slots of live entries by date (newest first), and each slot's place in that order.
  private order = new Uint32Array(0)
  private rank = new Uint32Array(0)
  private orderDirty = true

  // Scratch for queries: per-slot generation stamps and per-slot title-hit counts.
  private stamp = new Uint32Array(0)
  private tstamp = new Uint32Array(0)
  private titleCount = new Uint8Array(0)
  private gen = 0

  constructor(options: SearchIndexOptions = {}) {
    if (options.categories)
      this.setCategories(options.categories)
  }

  /** Builds an index over `entries` (withdrawn ones are skipped). */
  static build(entries: Iterable<CatalogEntry>, options: SearchIndexOptions = {}): SearchIndex {
    const index = new SearchIndex(options)
    for (const e of entries)
      index.upsert(e)
    index.text.freeze()
    index.py.freeze()
    return index
  }

  /** Number of live entries. */
  get size(): number {
    return this.n - this.dead
  }

  has(id: string): boolean {
    return this.bySlot.has(id)
  }

  /** Replaces the category trees used by the category filter (all agencies at once). */
  setCategories(nodes: readonly CatalogCategory[]): void {
    this.categories = new Map(nodes.map(c => [c.id, c]))
    this.children = new Map()
    for (const c of nodes) {
      if (c.parentId !== null) {
        const list = this.children.get(c.parentId) ?? []
        list.push(c.id)
        this.children.set(c.parentId, list)
      }
    }
  }

  /** Adds or replaces an entry; a withdrawn entry is removed instead. */
  upsert(entry: CatalogEntry): void {
    this.remove(entry.id)
    if (entry.withdrawn)
      return
    if (entry.id.includes('\u0000'))
      throw new Error('SearchIndex: an entry id cannot contain U+0000')
    const s = this.n++
    this.ensureSlots(this.n)
    const title = normalizeJoined([entry.title], '')
    const other = normalizeJoined([entry.summary, entry.indexNo, entry.docNo ?? ''], SEP)
    const py = titlePinyin(title)
    this.ids[s] = entry.id
    this.titles[s] = title
    this.others[s] = other
    this.pys[s] = py
    this.opys[s] = entry.docNo ? titlePinyin(normalizeText(entry.docNo)) : ''
    this.alive[s] = 1
    this.time[s] = timeOf(entry.publishedAt || entry.createdAt)
    this.year[s] = yearOf(entry.publishedAt || entry.createdAt)
    this.disc[s] = DISCLOSURE_CODES[entry.disclosure] ?? 0
    this.cat[s] = this.catIds.of(entry.categoryId)
    this.agency[s] = this.agencyIds.of(entry.agencyId)
    const name = this.agencyNames.of(normalizeText(entry.agency))
    this.agencyPys[name] ??= titlePinyin(this.agencyNames.list[name]!)
    this.agencyName[s] = name
    this.bySlot.set(entry.id, s)
    this.indexSlot(s)
    this.orderDirty = true
  }

  /** Drops an entry (a withdrawal); returns whether it was there. */
  remove(id: string): boolean {
    const s = this.bySlot.get(id)
    if (s === undefined)
      return false
    this.bySlot.delete(id)
    this.alive[s] = 0
    this.titles[s] = ''
    this.others[s] = ''
    this.pys[s] = ''
    this.opys[s] = ''
    this.dead++
    this.orderDirty = true
    return true
  }

  /** Applies a sync delta without a rebuild. */
  apply(delta: SearchDelta): void {
    for (const id of delta.removals ?? [])
      this.remove(id)
    for (const e of delta.upserts ?? [])
      this.upsert(e)
  }

  /** Renumbers the slots of live entries and rebuilds the postings from the stored fields (no pinyin work). */
  compact(): void {
    const keep: number[] = []
    for (let s = 0; s < this.n; s++) {
      if (this.alive[s])
        keep.push(s)
    }
    const cols = [this.alive, this.time, this.year, this.disc, this.cat, this.agency, this.agencyName] as const
    for (let i = 0; i < keep.length; i++) {
      const s = keep[i]!
      this.ids[i] = this.ids[s]!
      this.titles[i] = this.titles[s]!
      this.others[i] = this.others[s]!
      this.pys[i] = this.pys[s]!
      this.opys[i] = this.opys[s]!
      for (const c of cols)
        c[i] = c[s]!
    }
    this.n = keep.length
    this.dead = 0
    for (const a of [this.ids, this.titles, this.others, this.pys, this.opys])
      a.length = this.n
    this.alive.fill(0, this.n)
    this.bySlot = new Map(this.ids.map((id, s) => [id, s]))
    this.text = new PostingTable()
    this.py = new PostingTable()
    for (let s = 0; s < this.n; s++)
      this.indexSlot(s)
    this.text.freeze()
    this.py.freeze()
    this.orderDirty = true
  }

  /** Live entries per category id (not summed over subtrees). */
  countByCategory(): Map<string, number> {
    const counts = new Map<string, number>()
    for (let s = 0; s < this.n; s++) {
      if (this.alive[s]) {
        const c = this.catIds.list[this.cat[s]!]!
        counts.set(c, (counts.get(c) ?? 0) + 1)
      }
    }
    return counts
  }

  /** Years of 发布日期 that have live entries, newest first (the year filter offers only these). */
  years(): number[] {
    const seen = new Set<number>()
    for (let s = 0; s < this.n; s++) {
      if (this.alive[s] && this.year[s])
        seen.add(this.year[s]!)
    }
    return [...seen].sort((a, b) => b - a)
  }

  /** Runs a query; see the module comment for what matches and how hits are ranked. */
  search(query: SearchQuery): SearchResult {
    const terms = queryGroups(query.text ?? '', query.fold).slice(0, MAX_TERMS)
    const offset = Math.max(0, Math.floor(query.offset ?? 0))
    const limit = Math.max(0, Math.floor(query.limit ?? 20))
    this.ensureOrder()
    const admit = this.admitter(query)
    if (!terms.length)
      return this.browse(admit, offset, limit)

    this.ensureScratch()
    // Run the most selective term first (by its rarest gram); later terms only re-check survivors.
    const cost = new Map(terms.map(t => [t, t.reduce((sum, v) => sum + this.estimate(v), 0)]))
    terms.sort((a, b) => cost.get(a)! - cost.get(b)! || b[0]!.length - a[0]!.length)
    let cur: number[] | null = null
    for (const term of terms) {
      cur = this.matchTerm(term, cur, admit)
      if (!cur.length)
        break
    }
    const found = cur ?? []
    const g = this.gen
    const need = offset + limit
    let page: number[]
    if (found.length <= SORT_LIMIT) {
      const keys = new Float64Array(found.length)
      for (let i = 0; i < found.length; i++) {
        const s = found[i]!
        keys[i] = (terms.length - this.titleCount[s]!) * 2 ** 32 + this.rank[s]!
      }
      keys.sort()
      page = Array.from(keys.subarray(offset, need), k => this.order[k % 2 ** 32]!)
    }
    else {
      const buckets: number[][] = Array.from({ length: terms.length + 1 }, () => [])
      for (let r = 0; r < this.order.length; r++) {
        const s = this.order[r]!
        if (this.stamp[s] !== g)
          continue
        const b = buckets[terms.length - this.titleCount[s]!]!
        if (b.length < need)
          b.push(s)
        if (buckets[0]!.length >= need)
          break
      }
      page = buckets.flat().slice(offset, need)
    }
    return { total: found.length, hits: page.map(s => this.hit(s, terms)) }
  }

  /** Serialises the index (freezing postings, compacting first if many entries are dead). */
  serialize(): SerializedSearchIndex {
    if (this.dead > 1000 && this.dead * 10 > this.n)
      this.compact()
    this.ensureOrder()
    const buffers: ArrayBuffer[] = []
    const names: string[] = []
    const put = (name: string, a: ArrayBufferView) => {
      names.push(name)
      buffers.push(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength) as ArrayBuffer)
    }
    const utf16 = (list: string[]) => {
      const joined = list.join('\u0000')
      const out = new Uint16Array(joined.length)
      for (let i = 0; i < joined.length; i++)
        out[i] = joined.charCodeAt(i)
      return out
    }
    const ascii = (list: string[]) => {
      const joined = list.join('\u0000')
      const out = new Uint8Array(joined.length)
      for (let i = 0; i < joined.length; i++)
        out[i] = joined.charCodeAt(i)
      return out
    }
    put('ids', utf16(this.ids.slice(0, this.n)))
    put('titles', utf16(this.titles.slice(0, this.n)))
    put('others', utf16(this.others.slice(0, this.n)))
    put('pys', ascii(this.pys.slice(0, this.n)))
    put('opys', ascii(this.opys.slice(0, this.n)))
    put('alive', this.alive.subarray(0, this.n))
    put('time', this.time.subarray(0, this.n))
    put('year', this.year.subarray(0, this.n))
    put('disc', this.disc.subarray(0, this.n))
    put('cat', this.cat.subarray(0, this.n))
    put('agency', this.agency.subarray(0, this.n))
    put('agencyName', this.agencyName.subarray(0, this.n))
    put('order', this.order)
    for (const [prefix, table] of [['text', this.text], ['py', this.py]] as const) {
      const d = table.toData()
      for (const k of ['keys', 'offsets', 'counts', 'lasts', 'bytes'] as const)
        put(`${prefix}.${k}`, d[k])
    }
    const header = JSON.stringify({
      n: this.n,
      dead: this.dead,
      catIds: this.catIds.list,
      agencyIds: this.agencyIds.list,
      agencyNames: this.agencyNames.list,
      agencyPys: this.agencyPys,
      categories: [...this.categories.values()],
      buffers: names,
    })
    return { format: SEARCH_FORMAT, version: SEARCH_FORMAT_VERSION, header, buffers }
  }

  /** Loads a serialised index without re-tokenising; throws on an unknown format or version (rebuild then). */
  static load(data: SerializedSearchIndex): SearchIndex {
    if (data.format !== SEARCH_FORMAT || data.version !== SEARCH_FORMAT_VERSION)
      throw new Error(`SearchIndex: cannot load ${data.format} version ${data.version}`)
    const h = JSON.parse(data.header) as {
      n: number
      dead: number
      catIds: string[]
      agencyIds: string[]
      agencyNames: string[]
      agencyPys: string[]
      categories: CatalogCategory[]
      buffers: string[]
    }
    const buf = new Map(h.buffers.map((name, i) => [name, data.buffers[i]!]))
    const get = (name: string) => {
      const b = buf.get(name)
      if (!b)
        throw new Error(`SearchIndex: missing buffer ${name}`)
      return b
    }
    const strings = (name: string, encoding: 'utf-16le' | 'utf-8') => {
      const b = get(name)
      return h.n ? new TextDecoder(encoding).decode(b).split('\u0000') : []
    }
    const index = new SearchIndex({ categories: h.categories })
    index.n = h.n
    index.dead = h.dead
    index.ids = strings('ids', 'utf-16le')
    index.titles = strings('titles', 'utf-16le')
    index.others = strings('others', 'utf-16le')
    index.pys = strings('pys', 'utf-8')
    index.opys = strings('opys', 'utf-8')
    index.alive = new Uint8Array(get('alive'))
    index.time = new Float64Array(get('time'))
    index.year = new Uint16Array(get('year'))
    index.disc = new Uint8Array(get('disc'))
    index.cat = new Uint32Array(get('cat'))
    index.agency = new Uint16Array(get('agency'))
    index.agencyName = new Uint16Array(get('agencyName'))
    index.order = new Uint32Array(get('order'))
    index.rank = new Uint32Array(h.n).fill(0xFFFFFFFF)
    for (let r = 0; r < index.order.length; r++)
      index.rank[index.order[r]!] = r
    index.orderDirty = false
    index.catIds = new Interner(h.catIds)
    index.agencyIds = new Interner(h.agencyIds)
    index.agencyNames = new Interner(h.agencyNames)
    index.agencyPys = h.agencyPys
    for (let s = 0; s < h.n; s++) {
      if (index.alive[s])
        index.bySlot.set(index.ids[s]!, s)
    }
    const table = (prefix: string): PostingTableData => ({
      keys: new Uint32Array(get(`${prefix}.keys`)),
      offsets: new Uint32Array(get(`${prefix}.offsets`)),
      counts: new Uint32Array(get(`${prefix}.counts`)),
      lasts: new Uint32Array(get(`${prefix}.lasts`)),
      bytes: new Uint8Array(get(`${prefix}.bytes`)),
    })
    index.text = PostingTable.fromData(table('text'))
    index.py = PostingTable.fromData(table('py'))
    return index
  }

  stats(): SearchIndexStats {
    let chars = 0
    for (let s = 0; s < this.n; s++)
      chars += this.titles[s]!.length * 2 + this.others[s]!.length * 2 + this.pys[s]!.length + this.opys[s]!.length + this.ids[s]!.length * 2
    return {
      entries: this.size,
      slots: this.n,
      textKeys: this.text.keyCount,
      pinyinKeys: this.py.keyCount,
      approxBytes: chars + this.text.byteSize + this.py.byteSize + this.n * 32,
    }
  }

  // ---------------------------------------------------------------------------------------------

  private ensureSlots(n: number): void {
    this.alive = grow(this.alive, n)
    this.time = grow(this.time, n)
    this.year = grow(this.year, n)
    this.disc = grow(this.disc, n)
    this.cat = grow(this.cat, n)
    this.agency = grow(this.agency, n)
    this.agencyName = grow(this.agencyName, n)
  }

  private ensureScratch(): void {
    if (this.stamp.length < this.n) {
      this.stamp = new Uint32Array(this.alive.length)
      this.tstamp = new Uint32Array(this.alive.length)
      this.titleCount = new Uint8Array(this.alive.length)
      this.gen = 0
    }
    // Stamps are compared with the current and previous generation only; on wrap-around, clear.
    if (this.gen > 0xFFFFFF00) {
      this.stamp.fill(0)
      this.tstamp.fill(0)
      this.gen = 0
    }
  }

  /** Puts slot `s`'s grams into the posting tables: title first, so its flag wins. */
  private indexSlot(s: number): void {
    const grams = (str: string, value: number) => {
      for (let i = 0; i < str.length; i++) {
        const c = str.charCodeAt(i)
        if (c <= 0x20)
          continue
        this.text.add(c, value)
        const d = str.charCodeAt(i + 1)
        if (d > 0x20)
          this.text.add(((c << 16) | d) >>> 0, value)
      }
    }
    grams(this.titles[s]!, s * 2 + 1)
    grams(this.others[s]!, s * 2)
    this.pinyinGrams(this.pys[s]!, s * 2 + 1)
    this.pinyinGrams(this.opys[s]!, s * 2)
  }

  private pinyinGrams(py: string, v: number): void {
    // Letters are 1..26; the spaces between full pinyin and initials (and the end) are not letters.
    const letter = (i: number) => i < py.length ? py.charCodeAt(i) - 96 : 0
    for (let i = 0; i < py.length; i++) {
      const a = letter(i)
      if (a < 1)
        continue
      this.py.add(a, v)
      const b = letter(i + 1)
      if (b < 1)
        continue
      this.py.add(a * 27 + b, v)
      const c = letter(i + 2)
      if (c >= 1)
        this.py.add((a * 27 + b) * 27 + c, v)
    }
  }

  /** Whether agency name number `i` contains `term` (or its pinyin does, for a Latin term). */
  private nameHas(i: number, term: string, pinyin: boolean): boolean {
    return this.agencyNames.list[i]!.includes(term) || (pinyin && (this.agencyPys[i] ?? '').includes(term))
  }

  private ensureOrder(): void {
    if (!this.orderDirty)
      return
    const live: number[] = []
    for (let s = 0; s < this.n; s++) {
      if (this.alive[s])
        live.push(s)
    }
    const { time, ids } = this
    live.sort((a, b) => time[b]! - time[a]! || (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0))
    this.order = Uint32Array.from(live)
    this.rank = new Uint32Array(this.alive.length).fill(0xFFFFFFFF)
    for (let r = 0; r < live.length; r++)
      this.rank[live[r]!] = r
    this.orderDirty = false
  }

  /** The filter of a query as a predicate on slots (liveness included). */
  private admitter(q: SearchQuery): (s: number) => boolean {
    const { alive } = this
    const checks: ((s: number) => boolean)[] = []
    if (q.categoryId !== undefined) {
      const mask = new Uint8Array(this.catIds.list.length)
      const stack = [q.categoryId]
      const seen = new Set<string>()
      while (stack.length) {
        const id = stack.pop()!
        if (seen.has(id))
          continue
        seen.add(id)
        const i = this.catIds.find(id)
        if (i >= 0)
          mask[i] = 1
        stack.push(...(this.children.get(id) ?? []))
      }
      const cat = this.cat
      checks.push(s => mask[cat[s]!] === 1)
    }
    if (q.agencyId !== undefined) {
      const a = this.agencyIds.find(q.agencyId)
      const agency = this.agency
      checks.push(s => agency[s] === a)
    }
    if (q.year !== undefined) {
      const y = q.year
      const year = this.year
      checks.push(s => year[s] === y)
    }
    if (q.disclosure !== undefined) {
      const d = DISCLOSURE_CODES[q.disclosure]
      const disc = this.disc
      checks.push(s => disc[s] === d)
    }
    if (!checks.length)
      return s => alive[s] === 1
    return s => alive[s] === 1 && checks.every(c => c(s))
  }

  private browse(admit: (s: number) => boolean, offset: number, limit: number): SearchResult {
    const page: number[] = []
    let total = 0
    for (let r = 0; r < this.order.length; r++) {
      const s = this.order[r]!
      if (admit(s)) {
        if (total >= offset && page.length < limit)
          page.push(s)
        total++
      }
    }
    return { total, hits: page.map(s => this.hit(s, [])) }
  }

  /** An upper bound of the entries a term can match: its rarest gram's list, plus agency matches. */
  private estimate(term: string): number {
    let text = Infinity
    if (term.length === 1)
      text = this.text.count(term.charCodeAt(0))
    for (let i = 0; i + 1 < term.length; i++)
      text = Math.min(text, this.text.count(bigramKey(term, i)))
    let py = 0
    if (isPinyinTerm(term)) {
      py = Infinity
      const len = Math.min(3, term.length)
      for (let i = 0; i + len <= term.length; i++)
        py = Math.min(py, this.py.count(pinyinKey(term, i, len)))
    }
    const pinyin = isPinyinTerm(term)
    const agency = this.agencyNames.list.some((_, i) => this.nameHas(i, term, pinyin)) ? this.n : 0
    return text + py + agency
  }

  /**
   * The slots matching any variant of a term among `cur` (all admitted slots when null), stamped
   * with a new generation; counts title hits per slot in `titleCount` (once per term).
   */
  private matchTerm(variants: string[], cur: number[] | null, admit: (s: number) => boolean): number[] {
    const g = ++this.gen
    const prev = g - 1
    const { stamp, tstamp, titleCount } = this
    const out: number[] = []
    const wanted = cur === null ? admit : (s: number) => stamp[s] === prev || stamp[s] === g
    const emit = (s: number, title: boolean) => {
      if (stamp[s] !== g) {
        stamp[s] = g
        out.push(s)
        if (cur === null)
          titleCount[s] = 0
      }
      if (title && tstamp[s] !== g) {
        tstamp[s] = g
        titleCount[s]!++
      }
    }
    for (const term of variants)
      this.matchVariant(term, cur, wanted, emit)
    return out
  }

  private matchVariant(term: string, cur: number[] | null, wanted: (s: number) => boolean, emit: (s: number, title: boolean) => void): void {
    const { titles, others, pys, opys, agencyName } = this
    const pinyin = isPinyinTerm(term)
    const nameHit = this.agencyNames.list.map((_, i) => this.nameHas(i, term, pinyin))
    const anyName = nameHit.includes(true)

    // Which posting lists would give candidates, rarest first; an empty list means no such gram.
    const textKeys = term.length === 1 ? [term.charCodeAt(0)] : Array.from({ length: term.length - 1 }, (_, i) => bigramKey(term, i))
    const textCounts = new Map(textKeys.map(k => [k, this.text.count(k)]))
    textKeys.sort((a, b) => textCounts.get(a)! - textCounts.get(b)!)
    const pyLen = Math.min(3, term.length)
    const pyKeys = pinyin ? Array.from({ length: term.length - pyLen + 1 }, (_, i) => pinyinKey(term, i, pyLen)) : []
    const pyCounts = new Map(pyKeys.map(k => [k, this.py.count(k)]))
    pyKeys.sort((a, b) => pyCounts.get(a)! - pyCounts.get(b)!)

    const textExact = term.length <= 2
    const pyExact = term.length <= 3
    const minText = textCounts.get(textKeys[0]!)!
    const minPy = pinyin ? pyCounts.get(pyKeys[0]!)! : 0

    // Few survivors of earlier terms: checking them directly is cheaper than any posting list.
    if (cur !== null && cur.length <= minText + minPy + 64) {
      for (const s of cur) {
        if (!wanted(s))
          continue
        if (titles[s]!.includes(term) || (pinyin && pys[s]!.includes(term)))
          emit(s, true)
        else if (others[s]!.includes(term) || (pinyin && opys[s]!.includes(term)) || (anyName && nameHit[agencyName[s]!]))
          emit(s, false)
      }
      return
    }

    const candidates = (table: PostingTable, keys: number[], counts: Map<number, number>): Uint32Array => {
      let slots: Uint32Array = table.get(keys[0]!)
      for (let i = 0; i < slots.length; i++)
        slots[i] = slots[i]! >>> 1
      for (let i = 1; i < keys.length && slots.length > 16; i++) {
        // Decoding a list much longer than the candidates costs more than checking them.
        if (counts.get(keys[i]!)! > slots.length * 16)
          break
        slots = intersect(slots, table.get(keys[i]!))
      }
      return slots
    }

    if (minText > 0) {
      if (textExact) {
        for (const v of this.text.get(textKeys[0]!)) {
          const s = v >>> 1
          if (wanted(s))
            emit(s, (v & 1) === 1)
        }
      }
      else {
        for (const s of candidates(this.text, textKeys, textCounts)) {
          if (!wanted(s))
            continue
          if (titles[s]!.includes(term))
            emit(s, true)
          else if (others[s]!.includes(term))
            emit(s, false)
        }
      }
    }
    if (minPy > 0) {
      if (pyExact) {
        for (const v of this.py.get(pyKeys[0]!)) {
          const s = v >>> 1
          if (wanted(s))
            emit(s, (v & 1) === 1)
        }
      }
      else {
        for (const s of candidates(this.py, pyKeys, pyCounts)) {
          if (!wanted(s))
            continue
          if (pys[s]!.includes(term))
            emit(s, true)
          else if (opys[s]!.includes(term))
            emit(s, false)
        }
      }
    }
    if (anyName) {
      const scan = cur ?? { length: this.n }
      for (let i = 0; i < scan.length; i++) {
        const s = cur ? cur[i]! : i
        if (nameHit[agencyName[s]!] && wanted(s))
          emit(s, false)
      }
    }
  }

  private hit(s: number, terms: string[][]): SearchHit {
    const title = this.titles[s]!
    const [summary = '', indexNo = '', docNo = ''] = this.others[s]!.split(SEP)
    const name = this.agencyName[s]!
    const agency = this.agencyNames.list[name]!
    const fields: [SearchField, string][] = [['title', title], ['summary', summary], ['indexNo', indexNo], ['docNo', docNo], ['agency', agency]]
    // Pinyin is highlighted on the characters it was read from; 索引号 and 内容概述 have none.
    const spoken: [SearchField, string, string][] = [['title', title, this.pys[s]!], ['docNo', docNo, this.opys[s]!], ['agency', agency, this.agencyPys[name] ?? '']]
    const ranges: SearchHighlight[] = []
    let titleTerms = 0
    for (const variants of terms) {
      let inTitle = false
      for (const term of variants) {
        for (const [field, text] of fields) {
          for (let i = text.indexOf(term); i >= 0; i = text.indexOf(term, i + 1)) {
            ranges.push({ field, start: i, end: i + term.length })
            inTitle ||= field === 'title'
          }
        }
        if (!isPinyinTerm(term))
          continue
        for (const [field, text, py] of spoken) {
          if (!py.includes(term))
            continue
          for (const [start, end] of pinyinRanges(text, term))
            ranges.push({ field, start, end })
          inTitle ||= field === 'title'
        }
      }
      if (inTitle)
        titleTerms++
    }
    return { id: this.ids[s]!, titleHit: titleTerms === terms.length, highlights: mergeRanges(ranges) }
  }
}
