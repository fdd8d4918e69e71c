/** What the importer reads out of one annual report (see domain/METRICS.md). */
export type ReportTemplate = 'legacy' | '2019' | '2021'

export interface Figure {
  value: number
  unit: string
  approx: boolean
  /** Character span [start, end) in the normalised text the figure was read from. */
  start: number
  end: number
}

export interface ImportProblem {
  message: string
  keys: string[]
}

export interface SectionNode {
  title: string
  level: number
  start: number
  children: SectionNode[]
}

export interface ImportedReport {
  title: string
  agency: string
  year: number | null
  publishedAt: string | null
  template: ReportTemplate
  /** The report text with page chrome removed: spans refer to this. */
  text: string
  sections: SectionNode[]
  figures: Record<string, Figure>
  problems: ImportProblem[]
}
