import type { ImportedReport } from '../../shared/importer'
/**
 * Importing report files: read (UTF-8, or GB18030 for the many government pages saved in GBK),
 * run the shared importer, and store unless it is a dry run. Used by the `npm run import` CLI
 * and by its tests; storing goes through reports/store.ts like every other write.
 */
import type { Db } from '../platform/db'
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { REPORT_UPLOAD_MAX_BYTES } from '../../shared/api'
import { importReport, UNKNOWN_AGENCY } from '../../shared/importer'
import { reportIdFor, upsertReport } from './store'

/** One file's result in the shape `--json` prints. */
export interface ImportSummary {
  file: string
  id?: string
  error?: string
  agency?: string
  year?: number | null
  publishedAt?: string | null
  template?: string
  figures?: Record<string, { value: number, unit: string, approx: boolean, start: number, end: number }>
  problems?: { message: string, keys: string[] }[]
}

/** Bytes → text: UTF-8 unless that leaves replacement characters and GB18030 reads cleanly. */
export function decodeReport(bytes: Uint8Array): string {
  const utf8 = new TextDecoder('utf-8').decode(bytes)
  if (!utf8.includes('\uFFFD'))
    return utf8
  try {
    const gb = new TextDecoder('gb18030', { fatal: true }).decode(bytes)
    return gb
  }
  catch {
    return utf8
  }
}

export function summarise(file: string, r: ImportedReport): ImportSummary {
  return {
    file,
    agency: r.agency,
    year: r.year,
    publishedAt: r.publishedAt,
    template: r.template,
    figures: Object.fromEntries(Object.entries(r.figures).map(([k, f]) => [k, { value: f.value, unit: f.unit, approx: f.approx, start: f.start, end: f.end }])),
    problems: r.problems.map(p => ({ message: p.message, keys: p.keys })),
  }
}

export async function importFiles(files: string[], opts: { db?: Db, onProgress?: (done: number, total: number, file: string) => void } = {}): Promise<ImportSummary[]> {
  const out: ImportSummary[] = []
  for (const [i, file] of files.entries()) {
    let bytes: Uint8Array
    try {
      // The same limit as the staff upload: an annual report is text, never tens of megabytes.
      const { size } = await stat(file)
      if (size > REPORT_UPLOAD_MAX_BYTES) {
        out.push({ file, error: `文件过大（${Math.ceil(size / 1024 / 1024)} MB），上限为 ${REPORT_UPLOAD_MAX_BYTES / 1024 / 1024} MB：请只提供报告正文的文本或网页文件 (file too large)` })
        opts.onProgress?.(i + 1, files.length, file)
        continue
      }
      bytes = await readFile(file)
    }
    catch (err) {
      out.push({ file, error: `无法读取文件 (cannot read file): ${(err as Error).message}` })
      opts.onProgress?.(i + 1, files.length, file)
      continue
    }
    const raw = decodeReport(bytes)
    const r = importReport(raw)
    // Nothing readable (empty, binary): an error for this file, never an empty report in the list.
    if (r.format === 'empty' || r.format === 'binary') {
      out.push({ file, error: `文件无法作为报告读取 (not a readable report): ${r.problems.map(p => p.message).join('；')}` })
      opts.onProgress?.(i + 1, files.length, file)
      continue
    }
    const summary = summarise(file, r)
    if (opts.db) {
      const hash = createHash('sha256').update(bytes).digest('hex')
      const id = await reportIdFor(opts.db, r, hash, r.agency !== UNKNOWN_AGENCY)
      await upsertReport(opts.db, {
        id,
        title: r.title || basename(file),
        agency: r.agency,
        year: r.year,
        publishedAt: r.publishedAt,
        template: r.template,
        body: r.text,
        sourceName: basename(file),
        figures: r.figures,
        problems: r.problems,
        sections: r.sections,
        format: r.format,
        contentHash: hash,
      })
      summary.id = id
    }
    out.push(summary)
    opts.onProgress?.(i + 1, files.length, file)
  }
  return out
}
