/**
 * The reference the search index is measured against: a linear scan that applies the documented
 * semantics literally (every term — any of its variants — a substring of some field or, for
 * Latin-only terms, of the pinyin of the title, 文号 or agency; 内容概述 by characters only), then ranks by title-hit terms, newer 发布日期, id. Used by the unit tests and by the
 * benchmark's recall column.
 */
import type { CatalogCategory, CatalogEntry } from '../../src/shared/catalog/types'
import type { SearchQuery } from '../../src/shared/search/types'
import { isPinyinTerm, normalizeText } from '../../src/shared/search/normalize'
import { titlePinyin } from '../../src/shared/search/pinyin'
import { queryGroups } from '../../src/shared/search/terms'

interface Prepared {
  entry: CatalogEntry
  title: string
  others: string[]
  pinyin: string[]
  otherPinyin: string[]
  time: number
}

export class LinearSearch {
  private readonly rows: Prepared[]
  private readonly children = new Map<string, string[]>()

  constructor(entries: readonly CatalogEntry[], categories: readonly CatalogCategory[] = [], withPinyin = true) {
    this.rows = entries.filter(e => !e.withdrawn).map((entry) => {
      const title = normalizeText(entry.title)
      return {
        entry,
        title,
        others: [entry.summary, entry.indexNo, entry.docNo ?? '', entry.agency].map(normalizeText),
        pinyin: withPinyin ? titlePinyin(title).split(' ') : [],
        otherPinyin: withPinyin ? [entry.docNo ?? '', entry.agency].flatMap(f => titlePinyin(normalizeText(f)).split(' ')) : [],
        time: Date.parse(entry.publishedAt || entry.createdAt) || 0,
      }
    })
    for (const c of categories) {
      if (c.parentId !== null)
        this.children.set(c.parentId, [...(this.children.get(c.parentId) ?? []), c.id])
    }
  }

  /** Ids of every match, in ranking order. */
  search(q: SearchQuery): string[] {
    const terms = queryGroups(q.text ?? '', q.fold)
    let cats: Set<string> | null = null
    if (q.categoryId !== undefined) {
      cats = new Set()
      const stack = [q.categoryId]
      while (stack.length) {
        const id = stack.pop()!
        if (!cats.has(id)) {
          cats.add(id)
          stack.push(...(this.children.get(id) ?? []))
        }
      }
    }
    const hits: { row: Prepared, tier: number }[] = []
    for (const row of this.rows) {
      const e = row.entry
      if (cats && !cats.has(e.categoryId))
        continue
      if (q.agencyId !== undefined && e.agencyId !== q.agencyId)
        continue
      if (q.year !== undefined && Number((e.publishedAt || e.createdAt).slice(0, 4)) !== q.year)
        continue
      if (q.disclosure !== undefined && e.disclosure !== q.disclosure)
        continue
      let ok = true
      let tier = 0
      for (const group of terms) {
        const inTitle = group.some(t => row.title.includes(t) || (isPinyinTerm(t) && row.pinyin.some(p => p.includes(t))))
        if (!inTitle)
          tier++
        if (!inTitle && !group.some(t => row.others.some(f => f.includes(t)) || (isPinyinTerm(t) && row.otherPinyin.some(p => p.includes(t))))) {
          ok = false
          break
        }
      }
      if (ok)
        hits.push({ row, tier })
    }
    hits.sort((a, b) => a.tier - b.tier || b.row.time - a.row.time || (a.row.entry.id < b.row.entry.id ? -1 : a.row.entry.id > b.row.entry.id ? 1 : 0))
    return hits.map(h => h.row.entry.id)
  }
}
