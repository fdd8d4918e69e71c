/**
 * The texts of the applicant's messages, zh-CN first and English when the applicant used the app in
 * English. They are built at send time from the outbox row's params (tracking code, dates, amount,
 * delivery way), never from the applicant's personal data: the address is the only personal item
 * a send needs, and it is not part of any text. An SMS carries only the code, the step and the link.
 */
import type { DeliveryWay } from '../../shared/application'
import type { NotifyKind, NotifyLang, PushPayload } from '../../shared/notify'
import { NOTIFY_KINDS } from '../../shared/notify'

/** What a message may say; stored as the outbox row's params. */
export interface MessageParams {
  code: string
  lang: NotifyLang
  /** 补正 reply deadline (YYYY-MM-DD). */
  replyBy?: string | null
  /** New due date after an extension. */
  dueDate?: string | null
  amountYuan?: number | null
  /** Last day to pay. */
  payBy?: string | null
  /** How the answer reaches the applicant. */
  way?: DeliveryWay | null
}

export interface RenderedMessage {
  subject: string
  text: string
  /** The step's short name (the SMS template's only variable besides the code and link). */
  step: string
  /** The tracking page, absolute. */
  link: string
  push: PushPayload
}

/** The tracking page for a code: the one link every message carries. */
export function trackingPath(code: string): string {
  return `/track?code=${encodeURIComponent(code)}`
}

const WAY_ZH: Record<DeliveryWay, string> = {
  post: '答复已按您选择的方式邮寄，请留意查收。',
  email: '答复已发送到您填写的电子邮箱。',
  collect: '请携带身份证件到受理窗口领取答复。',
  online: '请打开查询页面查看答复。',
}
const WAY_EN: Record<DeliveryWay, string> = {
  post: 'The answer has been posted to you.',
  email: 'The answer has been sent to your e-mail address.',
  collect: 'Please collect the answer at the service counter and bring your identity document.',
  online: 'Open the tracking page to read the answer.',
}

function bodyZh(kind: NotifyKind, p: MessageParams): string {
  switch (kind) {
    case 'received': return `您的政府信息公开申请（查询码 ${p.code}）已收到。`
    case 'registered': return `您的政府信息公开申请（查询码 ${p.code}）已登记受理。`
    case 'amendmentRequested': return `您的申请（查询码 ${p.code}）需要补正，请在${p.replyBy ? ` ${p.replyBy} 前` : '规定期限内'}按查询页面的说明补正，逾期未补正的视为放弃申请。`
    case 'extended': return `您的申请（查询码 ${p.code}）答复期限已延长${p.dueDate ? `至 ${p.dueDate}` : ''}。`
    case 'reasonsRequested': return `您的申请（查询码 ${p.code}）数量、频次明显超过合理范围，请按查询页面的说明向本机关说明理由。`
    case 'feeNotice': return `您的申请（查询码 ${p.code}）需缴纳信息处理费${p.amountYuan ? ` ${p.amountYuan} 元` : ''}${p.payBy ? `，请在 ${p.payBy} 前缴纳` : ''}，逾期未缴纳的视为放弃申请。`
    case 'answered': return `您的申请（查询码 ${p.code}）已答复。${p.way ? WAY_ZH[p.way] : ''}`
    case 'amendmentReminder': return `提醒：您的申请（查询码 ${p.code}）补正期限${p.replyBy ? `为 ${p.replyBy}` : '即将届满'}，逾期未补正的视为放弃申请。`
    case 'feeReminder': return `提醒：您的申请（查询码 ${p.code}）缴费期限${p.payBy ? `为 ${p.payBy}` : '即将届满'}，逾期未缴纳的视为放弃申请。`
  }
}

function bodyEn(kind: NotifyKind, p: MessageParams): string {
  switch (kind) {
    case 'received': return `Your information disclosure application (tracking code ${p.code}) has been received.`
    case 'registered': return `Your application (tracking code ${p.code}) has been registered.`
    case 'amendmentRequested': return `Your application (tracking code ${p.code}) needs an amendment${p.replyBy ? ` by ${p.replyBy}` : ''}; see the tracking page. Without it the application is treated as withdrawn.`
    case 'extended': return `The reply period for your application (tracking code ${p.code}) has been extended${p.dueDate ? ` to ${p.dueDate}` : ''}.`
    case 'reasonsRequested': return `The agency asks you to state the reasons for your application (tracking code ${p.code}); see the tracking page.`
    case 'feeNotice': return `Your application (tracking code ${p.code}) needs a processing fee${p.amountYuan ? ` of ${p.amountYuan} yuan` : ''}${p.payBy ? `, payable by ${p.payBy}` : ''}. Without payment it is treated as withdrawn.`
    case 'answered': return `Your application (tracking code ${p.code}) has been answered. ${p.way ? WAY_EN[p.way] : ''}`.trim()
    case 'amendmentReminder': return `Reminder: the amendment for your application (tracking code ${p.code}) is due${p.replyBy ? ` by ${p.replyBy}` : ' soon'}.`
    case 'feeReminder': return `Reminder: the fee for your application (tracking code ${p.code}) is due${p.payBy ? ` by ${p.payBy}` : ' soon'}.`
  }
}

/**
 * One message in the applicant's language. An English e-mail also carries the Chinese text after it
 * (the official version); SMS and push stay in one language to stay short.
 */
export function renderMessage(kind: NotifyKind, p: MessageParams, publicUrl: string): RenderedMessage {
  const en = p.lang === 'en'
  const link = `${publicUrl.replace(/\/+$/, '')}${trackingPath(p.code)}`
  const step = en ? NOTIFY_KINDS[kind].en : NOTIFY_KINDS[kind].zh
  const title = en ? `Gongkai: ${step}` : `政府信息公开：${step}`
  const body = en ? bodyEn(kind, p) : bodyZh(kind, p)
  const more = en ? `Tracking page: ${link}` : `查询页面：${link}`
  const text = en
    ? `${body}\n${more}\n\n——\n${bodyZh(kind, p)}\n查询页面：${link}\n`
    : `${body}\n${more}\n`
  return { subject: title, text, step, link, push: { title, body, url: trackingPath(p.code), tag: `gk-${p.code}` } }
}
