/**
 * What an administrator may send to create or edit an agency (admin form, JSON, CSV import),
 * checked the same way everywhere. Whether the parent exists is the server's question.
 * Messages are Chinese first, then English in brackets, for the person fixing the row.
 */
import type { FieldError, InputResult } from '../catalog/input'
import type { AgencyLevel } from './types'
import { isValidUscc } from '../application/ids'
import { AGENCY_LEVELS } from './types'

export const AGENCY_ID = /^[a-z0-9][\w-]{0,63}$/i
const ORG_CODE = /^[0-9A-Z-]{1,40}$/i

/** Field limits in characters. */
export const AGENCY_LIMITS = { name: 100, shortName: 40, region: 100, officeName: 100, officeAddress: 200, officePhone: 60, officeHours: 200, guide: 20_000 } as const

/** An agency as submitted: everything but the server-kept `updatedAt`. */
export interface AgencyInput {
  id: string
  name: string
  shortName: string | null
  orgCode: string
  creditCode: string | null
  level: AgencyLevel
  region: string
  parentId: string | null
  officeName: string | null
  officeAddress: string | null
  officePhone: string | null
  officeHours: string | null
  /** Empty: the server writes the standard guide from the other fields (guide.ts). */
  guide: string
  active: boolean
}

/** Chinese level names accepted in imports alongside the codes. */
const LEVEL_BY_LABEL = new Map<string, AgencyLevel>(
  Object.entries(AGENCY_LEVELS).flatMap(([k, v]) => [[k, k as AgencyLevel], [v.zh, k as AgencyLevel], [v.zh.replace(/（.*）|级/g, ''), k as AgencyLevel]]),
)

function text(v: unknown): string | undefined {
  if (typeof v === 'string')
    return v.trim()
  if (typeof v === 'number' && Number.isFinite(v))
    return String(v)
  return undefined
}

/** Parses a boolean from JSON or a CSV cell (是/否, true/false, 1/0); undefined when unreadable. */
function flag(v: unknown): boolean | undefined {
  if (typeof v === 'boolean')
    return v
  const s = text(v)?.toLowerCase()
  if (s === undefined || s === '')
    return undefined
  if (['1', 'true', 'yes', '是', 'y'].includes(s))
    return true
  if (['0', 'false', 'no', '否', 'n'].includes(s))
    return false
  return undefined
}

/** Validates one agency; `id` may come from the URL instead of the body. */
export function parseAgencyInput(raw: unknown, idFromPath?: string): InputResult<AgencyInput> {
  const errors: FieldError[] = []
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return { ok: false, errors: [{ field: 'body', message: '机构信息应为对象 (an agency must be an object)' }] }
  const r = raw as Record<string, unknown>
  const optional = (field: keyof typeof AGENCY_LIMITS, label: string): string | null => {
    const v = r[field]
    if (v === undefined || v === null)
      return null
    const s = text(v)
    if (s === undefined) {
      errors.push({ field, message: `${label}应为文字 (${field} must be text)` })
      return null
    }
    if ([...s].length > AGENCY_LIMITS[field]) {
      errors.push({ field, message: `${label}不能超过 ${AGENCY_LIMITS[field]} 个字 (${field} is too long)` })
      return null
    }
    return s || null
  }

  const id = idFromPath ?? text(r.id) ?? ''
  if (!AGENCY_ID.test(id))
    errors.push({ field: 'id', message: '机构编号只能含字母、数字、_ 和 -，以字母或数字开头 (id: letters, digits, _ and -)' })
  const name = optional('name', '机构名称')
  if (!name && !errors.some(e => e.field === 'name'))
    errors.push({ field: 'name', message: '请填写机构名称 (name is required)' })
  const shortName = optional('shortName', '简称')
  const orgCode = text(r.orgCode) ?? ''
  if (!ORG_CODE.test(orgCode))
    errors.push({ field: 'orgCode', message: '机构代码（索引号前缀）只能含字母、数字和 - (orgCode: letters, digits and -)' })
  let creditCode: string | null = text(r.creditCode)?.toUpperCase() || null
  if (creditCode !== null && !isValidUscc(creditCode)) {
    errors.push({ field: 'creditCode', message: '统一社会信用代码应为 18 位且校验位正确 (creditCode fails the GB 32100 check)' })
    creditCode = null
  }
  const levelRaw = text(r.level) ?? ''
  const level = LEVEL_BY_LABEL.get(levelRaw)
  if (!level)
    errors.push({ field: 'level', message: `请选择机构层级：${Object.values(AGENCY_LEVELS).map(l => l.zh).join('、')} (level is one of ${Object.keys(AGENCY_LEVELS).join(', ')})` })
  const region = optional('region', '所在地区')
  if (!region && !errors.some(e => e.field === 'region'))
    errors.push({ field: 'region', message: '请填写所在地区，例如 黑龙江省哈尔滨市 (region is required)' })
  const parentRaw = text(r.parentId)
  const parentId = parentRaw || null
  if (parentId !== null && (!AGENCY_ID.test(parentId) || parentId === id))
    errors.push({ field: 'parentId', message: '上级机构编号不正确 (parentId must be another agency id)' })
  const officeName = optional('officeName', '工作机构名称')
  const officeAddress = optional('officeAddress', '办公地址')
  const officePhone = optional('officePhone', '联系电话')
  const officeHours = optional('officeHours', '办公时间')
  const guide = (r.guide === undefined || r.guide === null) ? '' : (optional('guide', '政府信息公开指南') ?? '')
  let active = true
  if (r.active !== undefined && r.active !== null && r.active !== '') {
    const f = flag(r.active)
    if (f === undefined)
      errors.push({ field: 'active', message: '是否启用应为 是/否 (active must be true or false)' })
    else active = f
  }
  if (errors.length)
    return { ok: false, errors }
  return {
    ok: true,
    value: { id, name: name!, shortName, orgCode, creditCode, level: level!, region: region!, parentId, officeName, officeAddress, officePhone, officeHours, guide, active },
  }
}

/**
 * CSV header names accepted by the bulk import: the field names, or their Chinese column titles
 * (the template an office fills in Excel).
 */
export const AGENCY_CSV_COLUMNS: Record<string, keyof AgencyInput> = {
  编号: 'id',
  机构名称: 'name',
  简称: 'shortName',
  机构代码: 'orgCode',
  统一社会信用代码: 'creditCode',
  层级: 'level',
  所在地区: 'region',
  上级机构编号: 'parentId',
  工作机构: 'officeName',
  办公地址: 'officeAddress',
  联系电话: 'officePhone',
  办公时间: 'officeHours',
  政府信息公开指南: 'guide',
  是否启用: 'active',
}

/** A CSV record (header → cell) renamed to input field names. */
export function agencyRecord(rec: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(rec))
    out[AGENCY_CSV_COLUMNS[k] ?? k] = v
  return out
}
