/** A figure as one reader saw it, before prose and tables are reconciled in index.ts. */
import type { ApproxKind } from './numbers'
import type { FigureProvenance } from './types'

export interface Candidate {
  key: string
  value: number
  unit: string
  approx: ApproxKind
  start: number
  end: number
  source: 'text' | 'table'
  /** Higher wins among prose candidates for the same key (see prose.ts). */
  score: number
  derived?: boolean
  provenance?: FigureProvenance
  /** Keys a table row may stand for instead (legacy 主动公开政府信息数: this year's or the running total). */
  alternates?: string[]
}

/** A masked span of text (a statistics table) that the prose rules must not read. */
export interface Span { start: number, end: number }
