/** Shapes of the HTTP API, shared by the client and the server. */
import type { Figure, ImportProblem, ReportTemplate, SectionNode } from './importer/types'

export interface ReportSummary {
  id: string
  title: string
  agency: string
  /** The directory agency that published it (src/shared/agencies); null until linked. */
  agencyId?: string | null
  year: number | null
  publishedAt: string | null
  template: ReportTemplate
  region: string | null
  updatedAt: string
}

/** A figure as citizens see it: what the importer read, or what staff confirmed and published. */
export interface ReportFigure extends Figure {
  /** Present when staff confirmed (or corrected) this figure and it is published. */
  confirmed?: { by: string, at: string, status: 'confirmed' | 'corrected', importedValue: number | null }
}

export interface ReportDetail extends ReportSummary {
  /** The normalised text the importer read: every span (figures, problems, sections) refers to it. */
  body: string
  /** Older devices may hold reports pulled before figures travelled: treat absent as none. */
  figures?: Record<string, ReportFigure>
  problems?: ImportProblem[]
  sections?: SectionNode[]
}

/** One figure staff confirmed or corrected, with who did it and whether it is published. */
export interface StaffFigureReview {
  key: string
  value: number
  unit: string
  approx: boolean
  start: number | null
  end: number | null
  importedValue: number | null
  status: 'confirmed' | 'corrected'
  confirmedBy: string
  confirmedAt: string
  published: boolean
  publishedBy: string | null
  publishedAt: string | null
}

/** A report as the staff review screen sees it, drafts included. */
export interface StaffReportView extends ReportDetail {
  visibility: 'draft' | 'public'
  uploadedBy: string | null
  sourceName: string | null
  /** The importer's figures untouched (`figures` above has the published staff values merged in). */
  imported: Record<string, Figure>
  /** Bumped by every upload that changes the content; publishing names the version reviewed. */
  version: number
  reviews: StaffFigureReview[]
}

/** Largest report file staff may upload (bytes). The client checks it before sending. */
export const REPORT_UPLOAD_MAX_BYTES = 5 * 1024 * 1024

/**
 * Every `error.code` the server sends, plus the client's own `network`/`timeout` (no answer) and
 * `http` (a status with no readable body). Screens show `app.errors.<code>` from i18n, so a new
 * server code goes here and into both app locales (a unit test checks that each has a message).
 */
export const API_ERROR_CODES = [
  'invalid_field',
  'invalid_application',
  'bad_request',
  'not_found',
  'conflict',
  'withdrawn',
  'already_published',
  'stale_version',
  'report_inconsistent',
  'import_timeout',
  'import_failed',
  'importer_busy',
  'username_taken',
  'unauthenticated',
  'bad_credentials',
  'forbidden',
  'csrf',
  'locked',
  'too_many_attempts',
  'rate_limited',
  'tracking_paused',
  'payload_too_large',
  'unsupported_media_type',
  'unknown_key',
  'undecryptable',
  'overloaded',
  'internal',
  'network',
  'timeout',
  'http',
] as const

/** A known error code (see API_ERROR_CODES). */
export type ApiErrorCode = typeof API_ERROR_CODES[number]

export interface ApiErrorBody {
  error: { code: string, message: string, field?: string, details?: unknown }
}
