/**
 * The agency directory (机关名录): every 行政机关 on the platform, with its disclosure office (工作机构)
 * and its 政府信息公开指南 (条例 Art. 12). An agency is also what publishes a catalog (the
 * `CatalogAgency` of the catalog is the first three fields of this record), so the directory
 * travels to devices with the catalog through pull sync (entity `catalogAgency`).
 */
import type { CatalogAgency } from '../catalog/types'

/** Administrative level, broadest first; the apply form groups agencies by it. */
export const AGENCY_LEVELS = {
  national: { zh: '国家级', en: 'National' },
  provincial: { zh: '省级', en: 'Provincial' },
  municipal: { zh: '市级', en: 'Municipal' },
  county: { zh: '县（区）级', en: 'County / district' },
  township: { zh: '乡镇（街道）级', en: 'Township / street' },
} as const

export type AgencyLevel = keyof typeof AGENCY_LEVELS

export const AGENCY_LEVEL_KEYS = Object.keys(AGENCY_LEVELS) as AgencyLevel[]

/** One agency of the directory, as the server sends it and devices store it. */
export interface Agency extends CatalogAgency {
  /** 简称, e.g. 道外区政府; null when the full name is short enough. */
  shortName: string | null
  /** 统一社会信用代码 (18 characters, GB 32100), where known. */
  creditCode: string | null
  level: AgencyLevel
  /** Region as written on the agency's letters, e.g. 黑龙江省哈尔滨市道外区. */
  region: string
  /** The agency it answers to (a 部门 under its 人民政府), if it is on the platform. */
  parentId: string | null
  /** The disclosure office (政府信息公开工作机构) citizens deal with. */
  officeName: string | null
  officeAddress: string | null
  officePhone: string | null
  officeHours: string | null
  /** 政府信息公开指南: plain text, paragraphs separated by blank lines. */
  guide: string
  /** An inactive agency stays in the record (old cases name it) but takes no new applications. */
  active: boolean
  updatedAt: string
}

/** What `GET /api/agencies` answers. */
export interface AgenciesResponse {
  agencies: Agency[]
}

/** One refused row of a bulk import: its row number (CSV: as a spreadsheet shows it), the field and why. */
export interface AgencyRowError { row: number, field: string, message: string }

/** What `POST /api/admin/agencies/import` answers: good rows are stored, bad ones listed. */
export interface AgencyImportReport {
  imported: number
  /** Ids that were new to the directory, and ids whose record the import replaced. */
  created: string[]
  updated: string[]
  errors: AgencyRowError[]
}
