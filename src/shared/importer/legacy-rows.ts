/**
 * Pre-2019 statistics tables were set locally (Hunan's 统计表 in seed 003 is typical). This table
 * maps their row labels to figure keys. It is configuration, not code: pass your own through
 * importReport(raw, { legacyRows }). A row with a value whose label matches nothing here is never
 * dropped silently: it becomes an 'unmapped-row' problem. `key: null` marks rows known to carry no
 * figure of METRICS.md (staff counts, page views ...).
 *
 * Labels are matched with spaces, quotes and the leading number (1. / (1) / 其中:) removed.
 * The first matching entry wins, so the more specific labels come first.
 */
import type { LegacyRow } from './types'

export const LEGACY_ROWS: readonly LegacyRow[] = [
  // 主动公开
  { match: /^主动公开(?:政府)?信息总?数$/, key: 'proactive.total', alternates: ['proactive.cumulative'] },
  { match: /^(?:累计)?主动公开(?:政府)?信息累计数$/, key: 'proactive.cumulative' },
  { match: /^本年度?(?:新增)?主动公开(?:政府)?信息数$/, key: 'proactive.total' },
  { match: /全文电子化/, key: null },
  { match: /^(?:新增|本年)?(?:行政)?规范性文件(?:数|件数)$/, key: 'proactive.normativeDocs' },

  // 依申请公开: received and channels
  { match: /依申请公开信息目录数/, key: null },
  { match: /^(?:受理|收到|接受)(?:政府信息公开)?申请总?数$/, key: 'requests.total' },
  { match: /^(?:当面|现场)(?:提交|提出)?申请(?:数|件数)?$/, key: 'requests.channel.inPerson' },
  { match: /^(?:通过)?传真(?:提交|提出)?申请(?:数|件数)?$/, key: 'requests.channel.fax' },
  { match: /^(?:通过)?电子邮(?:件|箱)(?:提交|提出)?申请(?:数|件数)?$/, key: 'requests.channel.email' },
  { match: /^(?:通过)?(?:网上|网络|互联网|网站|在线)(?:提交|提出)?申请(?:数|件数)?$/, key: 'requests.channel.online' },
  { match: /^(?:通过)?(?:信函|邮寄|来信)(?:提交|提出)?申请(?:数|件数)?$/, key: 'requests.channel.letter' },
  { match: /^其他(?:形式|方式|渠道)?申请(?:数|件数)?$/, key: 'requests.channel.other' },

  // answers (legacy outcome rows → legacy and modern keys)
  { match: /^对申请的?答复总数$|^答复(?:申请)?总数$/, key: 'requests.outcome.total', modern: 'requests.outcome.total' },
  { match: /^同意部分公开数?$|^部分公开数?$/, key: 'requests.outcome.partial', modern: 'requests.outcome.partial' },
  { match: /^同意公开数?$|^予以公开数?$/, key: 'requests.outcome.granted', modern: 'requests.outcome.granted' },
  { match: /^非《(?:规定|条例|办法)》所指(?:政府)?信息数?$/, key: 'requests.outcome.other', modern: 'requests.outcome.other' },
  { match: /^信息不存在数?$/, key: 'requests.outcome.notHeld', modern: 'requests.outcome.unable' },
  { match: /^非本机关职责(?:权限)?范围数?$|^非本机关职责/, key: 'requests.outcome.notOurs', modern: 'requests.outcome.unable' },
  { match: /^申请内容不明确数?$/, key: 'requests.outcome.unclear', modern: 'requests.outcome.unable' },
  { match: /^重复申请数?$/, key: 'requests.outcome.duplicate', modern: 'requests.outcome.notProcessed' },
  { match: /^不予公开数?$/, key: 'requests.outcome.denied', modern: 'requests.outcome.denied' },
  { match: /^国家秘密数?$/, key: 'requests.outcome.denied.stateSecret', modern: 'requests.outcome.denied.stateSecret' },
  { match: /^商业秘密数?$/, key: 'requests.outcome.denied.commercialSecret', modern: 'requests.outcome.denied.thirdParty' },
  { match: /^个人隐私数?$/, key: 'requests.outcome.denied.privacy', modern: 'requests.outcome.denied.thirdParty' },
  { match: /^过程中信息/, key: 'requests.outcome.denied.process', modern: 'requests.outcome.denied.process' },
  { match: /^危及(?:国家)?安全和?稳定数?$/, key: 'requests.outcome.denied.securityStability', modern: 'requests.outcome.denied.securityStability' },
  { match: /^法律法规规定的其他情形数?$/, key: 'requests.outcome.denied.other', modern: 'requests.outcome.denied.lawProhibited' },
  { match: /^其他数?$/, key: 'requests.outcome.other', modern: 'requests.outcome.other' },

  // 咨询
  { match: /^(?:接受|受理)?咨询总?数$/, key: 'consultations.total' },
  { match: /提供服务类信息数|网上咨询数|现场接待人数|咨询电话.{0,2}数|网站专栏页面访问量|访问量/, key: null },

  // 复议、诉讼、申诉
  { match: /^(?:行政)?复议(?:案件)?数$/, key: 'review.total' },
  { match: /^(?:行政)?诉讼(?:案件)?数$/, key: 'litigation.total' },
  { match: /申诉数/, key: null },

  // 收费、支出、人员
  { match: /^收取费用总数$|^收费总?(?:金额|数)$/, key: 'fees.total' },
  { match: /^检索费$|^邮寄费$|^复制费/, key: null },
  { match: /实际支出/, key: 'expenses.actual' },
  { match: /专项经费|与诉讼有关的总费用|人员总?数$/, key: null },
]

/** Keys read for cross-checks only: they are not in METRICS.md, so they are never returned as figures. */
export const INTERNAL_KEYS = new Set(['expenses.actual'])

/** The label as matched: spaces, quotes, leading numbering and 其中: removed. */
export function normaliseRowLabel(label: string): string {
  return label
    .replace(/[\s“”"'‘’「」]/g, '')
    .replace(/^其中[:,]?/, '')
    .replace(/^(?:\d{1,2}[.、]|\(\d{1,2}\)|[一二三四五六七八九十]{1,2}[、.]|\([一二三四五六七八九十]{1,2}\))/, '')
}
