/**
 * The disclosure catalog (政府信息公开目录), as REGULATION.md describes it: one entry per disclosed
 * document, filed under a subject category (主题分类) from its agency's own category tree.
 * Dates are ISO 8601 strings (a date `2024-03-05` or a full timestamp) so entries survive JSON,
 * IndexedDB and PostgreSQL unchanged.
 */

/** 公开属性: 主动公开 / 依申请公开 / 不予公开. */
export type Disclosure = 'proactive' | 'onRequest' | 'notDisclosed'

export const DISCLOSURES = ['proactive', 'onRequest', 'notDisclosed'] as const satisfies readonly Disclosure[]

/** A file attached to an entry (the document itself is often only an attachment). */
export interface CatalogAttachment {
  name: string
  url: string
}

/** One catalog entry. */
export interface CatalogEntry {
  id: string
  /** 索引号: the agency's organisation code, then year-serial, e.g. `11320000014000XXXX/2024-00123`. */
  indexNo: string
  /** 名称 */
  title: string
  /** 发布机构, as printed on the entry. */
  agency: string
  agencyId: string
  /** 生成日期 (`YYYY` when only the year is known, like 发布日期) */
  createdAt: string
  /** 发布日期: `YYYY-MM-DD`, or `YYYY` when the source gives only the year (shown as such). */
  publishedAt: string
  /** 文号, e.g. `国办发〔2017〕24号`; many entries have none. */
  docNo: string | null
  /** 主题分类: a node of the agency's category tree. */
  categoryId: string
  /** 公开属性 */
  disclosure: Disclosure
  /** 内容概述 */
  summary: string
  body: string
  attachments: CatalogAttachment[]
  updatedAt: string
  /** Withdrawn (撤销) entries travel as tombstones so every device drops them. */
  withdrawn?: boolean
  /** Set on generated entries, so synthetic data can never pass for a real document. */
  synthetic?: boolean
}

/** A node of an agency's 主题分类 tree. */
export interface CatalogCategory {
  id: string
  agencyId: string
  /** null for a top-level category. */
  parentId: string | null
  name: string
  /** Position among its siblings. */
  order: number
}

/** An agency that publishes a catalog. */
export interface CatalogAgency {
  id: string
  name: string
  /** The organisation code that opens each of its 索引号. */
  orgCode: string
}
