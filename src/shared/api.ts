/** Shapes of the HTTP API, shared by the client and the server. */
import type { ReportTemplate } from './importer/types'

export interface ReportSummary {
  id: string
  title: string
  agency: string
  year: number | null
  publishedAt: string | null
  template: ReportTemplate
  region: string | null
  updatedAt: string
}

export interface ReportDetail extends ReportSummary {
  body: string
}

export interface HealthResponse {
  ok: boolean
  storage: 'pglite' | 'postgres'
  storageDescription: string
  version: string
}

export interface ApiErrorBody {
  error: { code: string, message: string, field?: string, details?: unknown }
}
