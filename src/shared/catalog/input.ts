/**
 * What an operator may send to create or edit a catalog entry (admin form, JSON or CSV import),
 * checked the same way everywhere. Messages are Chinese first, for the person fixing the row.
 * Whether the agency and category exist is the server's question: this module has no storage.
 */
import type { CatalogAttachment, Disclosure } from './types'
import { DISCLOSURES } from './types'

/** An entry as submitted: ids of agency and category, no server-kept fields. */
export interface CatalogEntryInput {
  id?: string
  indexNo: string
  title: string
  agencyId: string
  /** 发布机构 as printed; defaults to the agency's name. */
  agency?: string
  /** Either the category's id, or its name within the agency's tree (imports use names). */
  categoryId?: string
  categoryName?: string
  createdAt?: string
  publishedAt: string
  docNo: string | null
  disclosure: Disclosure
  summary: string
  body: string
  attachments: CatalogAttachment[]
}

export interface FieldError {
  field: string
  message: string
}

export type InputResult<T> = { ok: true, value: T } | { ok: false, errors: FieldError[] }

/** 索引号: an organisation code, then year and serial (`11320000014000XXXX/2024-00123`). */
export const INDEX_NO = /^[0-9A-Z][0-9A-Z-]{0,39}\/\d{4}-\d{1,10}$/i
export const ENTRY_ID = /^[\w-]{1,64}$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** Chinese labels of 公开属性, accepted in imports alongside the codes. */
export const DISCLOSURE_LABELS: Record<Disclosure, string> = {
  proactive: '主动公开',
  onRequest: '依申请公开',
  notDisclosed: '不予公开',
}

function isRealDate(s: string): boolean {
  if (!DATE.test(s))
    return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s)
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string')
    return v.trim()
  if (typeof v === 'number')
    return String(v)
  return undefined
}

function parseDisclosure(v: unknown): Disclosure | undefined {
  const s = str(v)
  if (!s)
    return undefined
  if ((DISCLOSURES as readonly string[]).includes(s))
    return s as Disclosure
  return (Object.keys(DISCLOSURE_LABELS) as Disclosure[]).find(k => DISCLOSURE_LABELS[k] === s)
}

function parseAttachments(v: unknown, errors: FieldError[]): CatalogAttachment[] {
  if (v === undefined || v === null || v === '')
    return []
  let list: unknown = v
  if (typeof v === 'string') {
    // CSV cells: a JSON array, or URLs separated by whitespace or `|`.
    try {
      list = v.trim().startsWith('[') ? JSON.parse(v) : v.split(/[\s|]+/).filter(Boolean).map(url => ({ url }))
    }
    catch {
      errors.push({ field: 'attachments', message: '附件格式不正确，应为网址或 JSON 数组 (attachments: URLs or a JSON array)' })
      return []
    }
  }
  if (!Array.isArray(list) || list.length > 50) {
    errors.push({ field: 'attachments', message: '附件应为列表，最多 50 个 (attachments: a list of at most 50)' })
    return []
  }
  const out: CatalogAttachment[] = []
  for (const a of list) {
    const url = str((a as { url?: unknown })?.url)
    if (!url || url.length > 2000 || !/^(?:https?:\/\/|\/)\S+$/.test(url)) {
      errors.push({ field: 'attachments', message: `附件网址不正确：${String(url ?? '')} (attachment URL must be http(s) or start with /)` })
      continue
    }
    out.push({ url, name: str((a as { name?: unknown }).name) || decodeURIComponent(url.split('/').pop() || url) })
  }
  return out
}

/** Checks a whole entry (create, import). */
export function parseEntryInput(raw: unknown): InputResult<CatalogEntryInput> {
  const errors: FieldError[] = []
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, errors: [{ field: 'body', message: '请求内容应为一个条目对象 (expected an entry object)' }] }
  const r = raw as Record<string, unknown>
  const need = (field: string, max: number, label: string): string => {
    const v = str(r[field])
    if (!v)
      errors.push({ field, message: `请填写${label} (${field} is required)` })
    else if (v.length > max)
      errors.push({ field, message: `${label}不能超过 ${max} 个字 (${field}: at most ${max} characters)` })
    return v ?? ''
  }
  const opt = (field: string, max: number, label: string): string | undefined => {
    const v = str(r[field])
    if (v && v.length > max)
      errors.push({ field, message: `${label}不能超过 ${max} 个字 (${field}: at most ${max} characters)` })
    return v || undefined
  }

  const id = opt('id', 64, '编号')
  if (id && !ENTRY_ID.test(id))
    errors.push({ field: 'id', message: '编号只能含字母、数字、- 和 _ (id: letters, digits, - and _)' })
  const indexNo = need('indexNo', 64, '索引号')
  if (indexNo && !INDEX_NO.test(indexNo))
    errors.push({ field: 'indexNo', message: '索引号格式应为“机构代码/年份-序号”，例如 11320000014000XXXX/2024-00123 (indexNo: orgcode/year-serial)' })
  const title = need('title', 300, '名称')
  const agencyId = need('agencyId', 64, '发布机构编号')
  const agency = opt('agency', 100, '发布机构')
  const categoryId = opt('categoryId', 64, '主题分类编号')
  const categoryName = opt('categoryName', 100, '主题分类')
  if (!categoryId && !categoryName)
    errors.push({ field: 'categoryId', message: '请填写主题分类 (categoryId or categoryName is required)' })
  const publishedAt = need('publishedAt', 10, '发布日期')
  if (publishedAt && !isRealDate(publishedAt))
    errors.push({ field: 'publishedAt', message: '发布日期应为 YYYY-MM-DD 格式的真实日期 (publishedAt: YYYY-MM-DD)' })
  const createdAt = opt('createdAt', 10, '生成日期')
  if (createdAt && !isRealDate(createdAt))
    errors.push({ field: 'createdAt', message: '生成日期应为 YYYY-MM-DD 格式的真实日期 (createdAt: YYYY-MM-DD)' })
  const docNo = opt('docNo', 100, '文号') ?? null
  const disclosure = parseDisclosure(r.disclosure ?? 'proactive')
  if (!disclosure)
    errors.push({ field: 'disclosure', message: '公开属性应为 主动公开、依申请公开 或 不予公开 (disclosure: proactive | onRequest | notDisclosed)' })
  const summary = opt('summary', 2000, '内容概述') ?? ''
  const body = opt('body', 200_000, '正文') ?? ''
  const attachments = parseAttachments(r.attachments, errors)

  if (errors.length)
    return { ok: false, errors }
  return {
    ok: true,
    value: { id, indexNo, title, agencyId, agency, categoryId, categoryName, createdAt, publishedAt, docNo, disclosure: disclosure!, summary, body, attachments },
  }
}

/**
 * Minimal RFC 4180 CSV: commas, double-quoted fields with "" escapes and line breaks inside
 * quotes, CRLF or LF. Returns rows of cells; a UTF-8 BOM (Excel's habit) is dropped.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  let i = text.charCodeAt(0) === 0xFEFF ? 1 : 0
  for (; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"'
          i++
        }
        else {
          quoted = false
        }
      }
      else {
        cell += c
      }
    }
    else if (c === '"' && cell === '') {
      quoted = true
    }
    else if (c === ',') {
      row.push(cell)
      cell = ''
    }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n')
        i++
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
    }
    else {
      cell += c
    }
  }
  if (cell !== '' || row.length) {
    row.push(cell)
    rows.push(row)
  }
  return rows.filter(r => r.length > 1 || r[0] !== '')
}

/** CSV rows to records keyed by the header row (first row). */
export function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text)
  if (!header)
    return []
  const keys = header.map(h => h.trim())
  return rows.map(r => Object.fromEntries(keys.map((k, i) => [k, r[i] ?? ''])))
}
