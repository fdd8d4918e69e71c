// The vocabularies inside METRICS.md figure keys that are not the template's outcome codes:
// `requests.channel.<c>` and the legacy-only `requests.outcome.<o>` rows of reports written before
// the national template. One registry each, with `{ zh, en }` names, shared by the importer (which
// reads them), the report pages (which label and chart them) and the statistics export.
import type { OutcomeGroup } from './outcomes'
import { OUTCOME_GROUPS } from './outcomes'

/** `requests.channel.<c>`: how applications arrived, as annual reports count them (METRICS.md). */
export const REPORT_CHANNELS = {
  inPerson: { zh: '当面', en: 'In person' },
  fax: { zh: '传真', en: 'Fax' },
  email: { zh: '电子邮件', en: 'Email' },
  online: { zh: '网上', en: 'Online' },
  letter: { zh: '信函', en: 'Letter' },
  other: { zh: '其他', en: 'Other' },
} as const
/** A report channel key. */
export type ReportChannel = keyof typeof REPORT_CHANNELS
/** Report channel keys in METRICS.md order. */
export const REPORT_CHANNEL_KEYS = Object.keys(REPORT_CHANNELS) as ReportChannel[]

/** Outcome rows only reports written before the national template have (METRICS.md "legacy-only"). */
export const LEGACY_OUTCOMES = {
  notHeld: { zh: '信息不存在', en: 'Not held' },
  notOurs: { zh: '非本机关职责', en: 'Not this agency' },
  unclear: { zh: '申请内容不明确', en: 'Request unclear' },
  duplicate: { zh: '重复申请', en: 'Duplicate request' },
} as const
/** A legacy outcome key. */
export type LegacyOutcome = keyof typeof LEGACY_OUTCOMES

/** `requests.outcome.<o>` parts in METRICS.md order (the six groups, then the legacy rows), with short names. */
export const REPORT_OUTCOMES: Readonly<Record<OutcomeGroup | LegacyOutcome, { readonly zh: string, readonly en: string }>> = {
  ...Object.fromEntries(Object.entries(OUTCOME_GROUPS).map(([k, g]) => [k, g.short])) as Record<OutcomeGroup, { zh: string, en: string }>,
  ...LEGACY_OUTCOMES,
}
/** Report outcome keys in METRICS.md order (without `total`). */
export const REPORT_OUTCOME_KEYS = Object.keys(REPORT_OUTCOMES) as (OutcomeGroup | LegacyOutcome)[]
