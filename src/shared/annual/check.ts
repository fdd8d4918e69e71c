// The publish check: the rendered text goes through the project's own importer, the same code that
// reads every other agency's report. A draft is publishable only when the importer finds no problem
// in it (its template rule, row sums, text against table, breakdowns) and reads back every figure
// of the draft with the same value: so a published report never fails the checks the importer
// applies to others, and reimporting it yields the figures it was published with.
import type { ImportedReport } from '../importer'
import { importReport } from '../importer'

/** One failed check, in both languages, with the figure keys it is about. */
export interface AnnualCheckFailure { kind: string, message: string, keys: string[] }

/** Imports the text and lists every failed check (empty: publishable). */
export function checkAnnualText(text: string, figures: Record<string, number>, expect: { agency: string, year: number }): { imported: ImportedReport, failures: AnnualCheckFailure[] } {
  const imported = importReport(text)
  const failures: AnnualCheckFailure[] = imported.problems.map(p => ({ kind: p.kind, message: p.message, keys: p.keys }))
  if (imported.agency !== expect.agency || imported.year !== expect.year)
    failures.push({ kind: 'fact', message: `报告标题读作 ${imported.agency} ${imported.year ?? '?'} 年，而非 ${expect.agency} ${expect.year} 年 (the title reads as another agency or year)`, keys: [] })
  for (const [key, value] of Object.entries(figures)) {
    const got = imported.figures[key]
    if (!got)
      failures.push({ kind: 'missing', message: `报告文本中读不到“${key}”（应为 ${value}）(figure not found in the text)`, keys: [key] })
    else if (got.value !== value)
      failures.push({ kind: 'mismatch', message: `报告文本中“${key}”读作 ${got.value}，而数据为 ${value} (the text says ${got.value}, the records ${value})`, keys: [key] })
  }
  return { imported, failures }
}
