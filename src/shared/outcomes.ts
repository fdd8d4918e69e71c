// How an application ends, as the national annual-report template classifies it (国办公开办函〔2019〕60号,
// revised by 国办公开办函〔2021〕30号). A case is answered with one leaf outcome code; the table rows,
// their numbering and the applicant-type columns of 收到和处理政府信息公开申请情况 are registries here so
// that the review screens, the reply letters and the statistics all use the same words.

/** The six outcome groups, in template order: the template's row text, and a short name for charts and figure labels. */
export const OUTCOME_GROUPS = {
  granted: { number: '（一）', zh: '予以公开', en: 'Disclosed', short: { zh: '予以公开', en: 'Disclosed' } },
  partial: { number: '（二）', zh: '部分公开（区分处理的，只计这一情形，不计其他情形）', en: 'Partly disclosed (cases handled by separation count here only)', short: { zh: '部分公开', en: 'Partly disclosed' } },
  denied: { number: '（三）', zh: '不予公开', en: 'Not disclosed', short: { zh: '不予公开', en: 'Not disclosed' } },
  unable: { number: '（四）', zh: '无法提供', en: 'Cannot be provided', short: { zh: '无法提供', en: 'Cannot be provided' } },
  notProcessed: { number: '（五）', zh: '不予处理', en: 'Not processed', short: { zh: '不予处理', en: 'Not processed' } },
  other: { number: '（六）', zh: '其他处理', en: 'Otherwise handled', short: { zh: '其他处理', en: 'Otherwise handled' } },
} as const

/** An outcome group key. */
export type OutcomeGroup = keyof typeof OUTCOME_GROUPS

/** Every leaf outcome a case can be answered with (2021 template), in template order. */
export const OUTCOMES = {
  'granted': { group: 'granted', item: null, zh: '予以公开', en: 'Disclosed' },
  'partial': { group: 'partial', item: null, zh: '部分公开', en: 'Partly disclosed' },
  'denied.stateSecret': { group: 'denied', item: 1, zh: '属于国家秘密', en: 'State secret' },
  'denied.lawProhibited': { group: 'denied', item: 2, zh: '其他法律行政法规禁止公开', en: 'Disclosure prohibited by other laws or administrative regulations' },
  'denied.securityStability': { group: 'denied', item: 3, zh: '危及“三安全一稳定”', en: 'Endangers national, public, economic security or social stability' },
  'denied.thirdParty': { group: 'denied', item: 4, zh: '保护第三方合法权益', en: 'Protects the lawful rights of a third party' },
  'denied.internalAffairs': { group: 'denied', item: 5, zh: '属于三类内部事务信息', en: 'Internal affairs information' },
  'denied.process': { group: 'denied', item: 6, zh: '属于四类过程性信息', en: 'Process (deliberative) information' },
  'denied.enforcementFile': { group: 'denied', item: 7, zh: '属于行政执法案卷', en: 'Administrative enforcement file' },
  'denied.adminQuery': { group: 'denied', item: 8, zh: '属于行政查询事项', en: 'Matter for administrative enquiry' },
  'unable.notHeld': { group: 'unable', item: 1, zh: '本机关不掌握相关政府信息', en: 'This agency does not hold the information' },
  'unable.needsCreation': { group: 'unable', item: 2, zh: '没有现成信息需要另行制作', en: 'The information does not exist and would have to be created' },
  'unable.stillUnclear': { group: 'unable', item: 3, zh: '补正后申请内容仍不明确', en: 'Still unclear after amendment' },
  'notProcessed.complaint': { group: 'notProcessed', item: 1, zh: '信访举报投诉类申请', en: 'Petition, report or complaint' },
  'notProcessed.duplicate': { group: 'notProcessed', item: 2, zh: '重复申请', en: 'Repeated application' },
  'notProcessed.publication': { group: 'notProcessed', item: 3, zh: '要求提供公开出版物', en: 'Asks for published material' },
  'notProcessed.massRepeated': { group: 'notProcessed', item: 4, zh: '无正当理由大量反复申请', en: 'Excessive repeated applications without good reason' },
  'notProcessed.confirmOrReissue': { group: 'notProcessed', item: 5, zh: '要求行政机关确认或重新出具已获取信息', en: 'Asks the agency to confirm or reissue information already obtained' },
  'other.amendmentOverdue': { group: 'other', item: 1, zh: '申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', en: 'Applicant did not amend in time without good reason; no longer processed' },
  'other.feeUnpaid': { group: 'other', item: 2, zh: '申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', en: 'Applicant did not pay the fee in time; no longer processed' },
  'other.other': { group: 'other', item: 3, zh: '其他', en: 'Other' },
} as const satisfies Record<string, { group: OutcomeGroup, item: number | null, zh: string, en: string }>

/** A leaf outcome code such as 'denied.thirdParty'. */
export type OutcomeCode = keyof typeof OUTCOMES

/** All outcome codes in template order. */
export const OUTCOME_CODES = Object.keys(OUTCOMES) as OutcomeCode[]

/** True if `value` is a known outcome code. */
export function isOutcomeCode(value: unknown): value is OutcomeCode {
  return typeof value === 'string' && Object.hasOwn(OUTCOMES, value)
}

/** The group an outcome belongs to. */
export function outcomeGroup(code: OutcomeCode): OutcomeGroup {
  return OUTCOMES[code].group
}

/** Applicant-type columns of the table, in template order (总计 is computed). */
export const APPLICANT_COLUMNS = {
  natural: { zh: '自然人', en: 'Natural persons', group: null },
  commercial: { zh: '商业企业', en: 'Commercial enterprises', group: '法人或其他组织' },
  research: { zh: '科研机构', en: 'Research institutions', group: '法人或其他组织' },
  publicInterest: { zh: '社会公益组织', en: 'Public-interest organisations', group: '法人或其他组织' },
  legalService: { zh: '法律服务机构', en: 'Legal service organisations', group: '法人或其他组织' },
  otherOrg: { zh: '其他', en: 'Other organisations', group: '法人或其他组织' },
} as const

/** An applicant-type column key; also the METRICS.md figure-key suffix (`requests.total@natural`). */
export type ApplicantColumn = keyof typeof APPLICANT_COLUMNS

/** Applicant columns in template order. */
export const APPLICANT_COLUMN_KEYS = Object.keys(APPLICANT_COLUMNS) as ApplicantColumn[]

/** The 总计 column label. */
export const TOTAL_COLUMN = { zh: '总计', en: 'Total' } as const

/** Which edition of the national template a table follows. */
export type TemplateLayout = '2019' | '2021'

/** One row of 收到和处理政府信息公开申请情况. */
export interface TableRowDef {
  /** Stable id: 'received', 'carriedOver', 'results', an outcome code, 'other' (2019), 'total', 'carriedForward'. */
  id: string
  /** The row's printed number, e.g. '一', '三（三）1', '三（七）'. */
  number: string
  zh: string
  en: string
  /** 'header' rows carry no figures (三、本年度办理结果). */
  kind: 'count' | 'header'
  /** Indentation level in the printed table. */
  level: 0 | 1 | 2
  /** The outcome codes this row counts (outcome rows only). */
  outcomes: readonly OutcomeCode[]
}

function outcomeRows(layout: TemplateLayout): TableRowDef[] {
  const rows: TableRowDef[] = []
  for (const [group, g] of Object.entries(OUTCOME_GROUPS) as [OutcomeGroup, (typeof OUTCOME_GROUPS)[OutcomeGroup]][]) {
    const codes = OUTCOME_CODES.filter(c => OUTCOMES[c].group === group)
    const collapse = group === 'granted' || group === 'partial' || (group === 'other' && layout === '2019')
    if (collapse) {
      rows.push({ id: group === 'other' ? 'other' : codes[0]!, number: `三${g.number}`, zh: g.zh, en: g.en, kind: 'count', level: 1, outcomes: codes })
      continue
    }
    rows.push({ id: `${group}.header`, number: `三${g.number}`, zh: g.zh, en: g.en, kind: 'header', level: 1, outcomes: [] })
    for (const code of codes) {
      const o = OUTCOMES[code]
      rows.push({ id: code, number: `三${g.number}${o.item}`, zh: `${o.item}.${o.zh}`, en: `${o.item}. ${o.en}`, kind: 'count', level: 2, outcomes: [code] })
    }
  }
  return rows
}

/** The rows of 收到和处理政府信息公开申请情况 in a template layout ('2019': 其他处理 is one row). */
export function requestTableRows(layout: TemplateLayout): readonly TableRowDef[] {
  return [
    { id: 'received', number: '一', zh: '本年新收政府信息公开申请数量', en: 'New applications received this year', kind: 'count', level: 0, outcomes: [] },
    { id: 'carriedOver', number: '二', zh: '上年结转政府信息公开申请数量', en: 'Applications carried over from last year', kind: 'count', level: 0, outcomes: [] },
    { id: 'results', number: '三', zh: '本年度办理结果', en: 'Outcomes this year', kind: 'header', level: 0, outcomes: [] },
    ...outcomeRows(layout),
    { id: 'total', number: '三（七）', zh: '总计', en: 'Total', kind: 'count', level: 1, outcomes: OUTCOME_CODES },
    { id: 'carriedForward', number: '四', zh: '结转下年度继续办理', en: 'Carried forward to next year', kind: 'count', level: 0, outcomes: [] },
  ]
}
