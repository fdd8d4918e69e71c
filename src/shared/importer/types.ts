/** What the importer reads out of one annual report (see domain/METRICS.md). */
export type ReportTemplate = 'legacy' | '2019' | '2021'

/** How the input was read: plain text, HTML converted to text, or nothing usable. */
export type InputFormat = 'text' | 'html' | 'empty' | 'binary'

export interface Figure {
  value: number
  /** The unit as the report counts it (件, 条, 人次 ...); money is always 元 (yuan). */
  unit: string
  /** The text hedges the number (余 / 近 / 约 / 左右 / 多 ...). */
  approx: boolean
  /** Character span [start, end) in the normalised text the figure was read from. */
  start: number
  end: number
  /** Prose sentence or statistics table. */
  source: 'text' | 'table'
  /** A sum of stated table cells (e.g. 不予公开 over its eight reasons) rather than one stated cell. */
  derived?: boolean
  /**
   * How a table value was read when it is not one written number: 'blank' an empty cell of the
   * template table, read as 0 (the span is empty, at the cell); 'split' digits of neighbouring cells
   * run together, split the only way every sum of the template holds.
   */
  provenance?: FigureProvenance
}

export type FigureProvenance = 'blank' | 'split'

export type ProblemKind
  = | 'input' // empty, binary, truncated
    | 'fact' // agency / year could not be read
    | 'breakdown' // a 其中 list or sub-rows that do not add up to their total
    | 'text-table' // prose and statistics table disagree
    | 'template-rule' // 一 + 二 = 三（七）总计 + 四 fails
    | 'run-together' // digits of several cells run together and cannot be split with certainty
    | 'conflict' // two statements of the same figure disagree
    | 'unmapped-row' // a legacy statistics row with a value that maps to no key

export interface ImportProblem {
  kind: ProblemKind
  message: string
  /** Figure keys the problem is about (may name keys that are absent because of it). */
  keys: string[]
  /** Where in the normalised text, when the problem has one place. */
  start?: number
  end?: number
}

export interface SectionNode {
  /** The heading without its number, cut at the first full stop. */
  title: string
  /** The numbering as written: 一 / (一) / 1 */
  label: string
  /** 1 for 一、, 2 for （一）, 3 for 1. */
  level: number
  /** Span [start, end) in the normalised text, from the heading to the next heading of the same or a higher level. */
  start: number
  end: number
  children: SectionNode[]
}

export interface ImportedReport {
  title: string
  agency: string
  /** The year the report covers, not the year it was published. */
  year: number | null
  publishedAt: string | null
  template: ReportTemplate
  format: InputFormat
  /** The report as plain text, page chrome removed: every span refers to this. Never markup. */
  text: string
  sections: SectionNode[]
  figures: Record<string, Figure>
  problems: ImportProblem[]
}

/** One row of a pre-2019 statistics table and the figure key it feeds (null: known row, not a figure). */
export interface LegacyRow {
  /** Tested against the row label with spaces and quotes removed. */
  match: RegExp
  key: string | null
  /** Keys this row may stand for instead, chosen when the prose states one of them with the same value. */
  alternates?: string[]
  /** The 2019-template category a legacy outcome corresponds to, for readers comparing across years. */
  modern?: string
}

export interface ImportOptions {
  /** Characters of input read at most; the rest is dropped with a problem. */
  maxInputChars?: number
  /** Replaces LEGACY_ROWS (the pre-2019 table row → key map). */
  legacyRows?: readonly LegacyRow[]
}
