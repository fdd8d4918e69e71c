/** What a benchmark returns: one markdown table, printed by tests/bench/run.ts. */
export interface BenchTable {
  title: string
  columns: string[]
  rows: (string | number)[][]
  notes?: string[]
}

export function toMarkdown(t: BenchTable): string {
  const fmt = (v: string | number) => typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 2 : 1)) : v
  const lines = [
    `### ${t.title}`,
    '',
    `| ${t.columns.join(' | ')} |`,
    `| ${t.columns.map(() => '---').join(' | ')} |`,
    ...t.rows.map(r => `| ${r.map(fmt).join(' | ')} |`),
  ]
  if (t.notes?.length)
    lines.push('', ...t.notes.map(n => `- ${n}`))
  return lines.join('\n')
}
