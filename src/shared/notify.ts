// Telling the applicant (issue 21): the channels an applicant may opt in to, the messages the server
// sends, and what the staff case page shows of each delivery. Shared so the form, the staff page and
// the server name the same things; the message texts themselves are the server's (server/notify).

/** Channels the applicant chooses on the form, using the contact already given. */
export const APPLICANT_NOTIFY_CHANNELS = {
  sms: { zh: '短信', en: 'Text message (SMS)' },
  email: { zh: '电子邮件', en: 'E-mail' },
} as const
/** A form-chosen channel. */
export type ApplicantNotifyChannel = keyof typeof APPLICANT_NOTIFY_CHANNELS

/** Every delivery channel: the form's two plus Web Push, which a browser opts in to on the receipt. */
export const NOTIFY_CHANNELS = {
  ...APPLICANT_NOTIFY_CHANNELS,
  push: { zh: '浏览器推送', en: 'Browser notification' },
} as const
/** A delivery channel. */
export type NotifyChannel = keyof typeof NOTIFY_CHANNELS

/** Languages a message can be written in; zh-CN is the default and always the official one. */
export const NOTIFY_LANGS = ['zh-CN', 'en'] as const
/** A message language. */
export type NotifyLang = typeof NOTIFY_LANGS[number]

/** The applicant's choice, stored in the application's general part (no contact data in it). */
export interface NotifyPrefs {
  channels: ApplicantNotifyChannel[]
  lang: NotifyLang
}

/** The steps that send a message. */
export const NOTIFY_KINDS = {
  received: { zh: '已收到申请', en: 'Application received' },
  registered: { zh: '已登记受理', en: 'Application registered' },
  amendmentRequested: { zh: '需要补正', en: 'Amendment requested' },
  extended: { zh: '答复期限延长', en: 'Reply period extended' },
  reasonsRequested: { zh: '请说明申请理由', en: 'Reasons requested' },
  feeNotice: { zh: '收费通知', en: 'Fee notice' },
  answered: { zh: '已答复', en: 'Answered' },
  amendmentReminder: { zh: '补正期限提醒', en: 'Amendment deadline reminder' },
  feeReminder: { zh: '缴费期限提醒', en: 'Payment deadline reminder' },
} as const
/** A message kind. */
export type NotifyKind = keyof typeof NOTIFY_KINDS

/** Where a message stands. */
export const NOTIFY_STATES = {
  pending: { zh: '等待发送', en: 'Waiting' },
  sending: { zh: '发送中', en: 'Sending' },
  sent: { zh: '已发送', en: 'Sent' },
  failed: { zh: '发送失败', en: 'Failed' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
} as const
/** A delivery state. */
export type NotifyState = keyof typeof NOTIFY_STATES

/** One message as the staff case page shows it: no address, no text. */
export interface NotifyDelivery {
  id: number
  kind: NotifyKind
  channel: NotifyChannel
  state: NotifyState
  attempts: number
  /** Next try (pending) or the scheduled time of a reminder. */
  nextAttemptAt: string
  sentAt: string | null
  /** The last failure, as the gateway described it (never the message body). */
  lastError: string | null
  createdAt: string
}

export interface NotifyDeliveriesResponse { items: NotifyDelivery[] }

/** POST /api/applications/track/:code/push: a browser's PushSubscription plus proof it may track. */
export interface PushSubscribeRequest {
  subscription: { endpoint: string, keys: { p256dh: string, auth: string } }
  token?: string
  phone4?: string
  lang?: NotifyLang
}

/** GET /api/notify/push-key. */
export interface PushKeyResponse { publicKey: string | null }

/** The JSON a push message carries to the service worker. */
export interface PushPayload {
  title: string
  body: string
  /** Path to open on click: the tracking page. */
  url: string
  tag: string
}

/** Whether a value is a form-chosen channel. */
export function isApplicantNotifyChannel(v: unknown): v is ApplicantNotifyChannel {
  return typeof v === 'string' && Object.hasOwn(APPLICANT_NOTIFY_CHANNELS, v)
}

/** Whether a value is a message language. */
export function isNotifyLang(v: unknown): v is NotifyLang {
  return typeof v === 'string' && (NOTIFY_LANGS as readonly string[]).includes(v)
}
