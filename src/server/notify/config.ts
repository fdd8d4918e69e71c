import type { Queryable } from '../platform/db'
import type { ServerKeys } from '../platform/keys'
/**
 * Notification settings from the environment (README: Configuration) and the VAPID key pair.
 * A channel without settings is off: nothing is queued for it. Web Push needs no operator settings:
 * its VAPID key pair comes from VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY or, like the server's other
 * keys, from the database (notify_vapid, the private half encrypted at rest), generated at first
 * start, so every instance and every restart signs with the key the browsers subscribed with.
 */
import type { EmailOptions, PushSender, SmsOptions, VapidKeys } from './channels'
import webpush from 'web-push'

export interface NotifyOptions {
  /** Origin of the tracking links in messages (PUBLIC_URL). */
  publicUrl: string
  email?: EmailOptions
  sms?: SmsOptions
  push: {
    vapid?: VapidKeys
    /** Origins push endpoints may have (PUSH_ALLOWED_ORIGINS); a subscription elsewhere is refused. */
    allowedOrigins: string[]
    /** Contact for push services, used with the stored key pair when `vapid` is not given. */
    vapidSubject?: string
    /** Replaces the web-push client (tests record what it is asked to send). */
    sender?: PushSender
  }
  /** Run the sending worker in this instance (tests drive runOnce() themselves). */
  worker: boolean
  pollMs: number
  leaseMs: number
  backoffBaseMs: number
  backoffMaxMs: number
  maxAttempts: number
  batch: number
}

/** The big browsers' push services. */
export const DEFAULT_PUSH_ORIGINS = [
  'https://fcm.googleapis.com',
  'https://updates.push.services.mozilla.com',
  'https://*.push.apple.com',
  'https://*.notify.windows.com',
]

export const NOTIFY_DEFAULTS: Omit<NotifyOptions, 'publicUrl' | 'push'> = {
  worker: true,
  pollMs: 15_000,
  leaseMs: 120_000,
  backoffBaseMs: 30_000,
  backoffMaxMs: 6 * 3600_000,
  maxAttempts: 8,
  batch: 20,
}

export function readNotifyConfig(env: NodeJS.ProcessEnv, port: number): NotifyOptions {
  const publicUrl = (env.PUBLIC_URL || `http://127.0.0.1:${port}`).replace(/\/+$/, '')
  let email: EmailOptions | undefined
  if (env.SMTP_HOST) {
    const secure = env.SMTP_SECURE === '1' || env.SMTP_SECURE === 'true'
    if (!env.SMTP_FROM)
      throw new Error('SMTP_FROM must be set with SMTP_HOST (e.g. "公开 <noreply@example.gov.cn>")')
    email = {
      host: env.SMTP_HOST,
      port: int('SMTP_PORT', env.SMTP_PORT) ?? (secure ? 465 : 587),
      secure,
      requireTls: env.SMTP_REQUIRE_TLS === '1' || env.SMTP_REQUIRE_TLS === 'true',
      user: env.SMTP_USER || undefined,
      pass: env.SMTP_PASS || undefined,
      from: env.SMTP_FROM,
      messageIdDomain: new URL(publicUrl).hostname,
    }
  }
  let sms: SmsOptions | undefined
  if (env.SMS_GATEWAY_URL) {
    if (!env.SMS_TEMPLATE_ID)
      throw new Error('SMS_TEMPLATE_ID must be set with SMS_GATEWAY_URL')
    sms = { url: env.SMS_GATEWAY_URL, templateId: env.SMS_TEMPLATE_ID, token: env.SMS_GATEWAY_TOKEN || undefined }
  }
  const vapid = env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY
    ? { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject: vapidSubject(env) }
    : undefined
  const allowedOrigins = env.PUSH_ALLOWED_ORIGINS ? env.PUSH_ALLOWED_ORIGINS.split(',').map(s => s.trim()).filter(Boolean) : DEFAULT_PUSH_ORIGINS
  return {
    ...NOTIFY_DEFAULTS,
    publicUrl,
    email,
    sms,
    push: { allowedOrigins, vapid, vapidSubject: vapidSubject(env) },
    ...(env.NOTIFY_WORKER === '0' ? { worker: false } : {}),
  }
}

function int(name: string, v: string | undefined): number | undefined {
  if (!v)
    return undefined
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new Error(`${name} must be a port number, got ${v}`)
  return n
}

/** VAPID_SUBJECT: the contact push services may use; web-push requires mailto: or https:. */
export function vapidSubject(env: NodeJS.ProcessEnv): string {
  return env.VAPID_SUBJECT || 'mailto:gongkai-notify@localhost'
}

/**
 * The installation's VAPID key pair from the database (created by the first instance to start;
 * instances starting at once agree on one through the primary key). Every browser subscribed with
 * its public half, so it must outlive restarts and be the same on every instance.
 */
export async function storedVapidKeys(db: Queryable, keys: ServerKeys, subject: string): Promise<VapidKeys> {
  const fresh = webpush.generateVAPIDKeys()
  await db.query(
    `insert into notify_vapid (id, public_key, private_enc, data_key_id) values (1, $1, $2, $3) on conflict (id) do nothing`,
    [fresh.publicKey, keys.encryptAtRest(fresh.privateKey), keys.dataKeyId],
  )
  const { rows } = await db.query<{ publicKey: string, privateEnc: string }>(
    `select public_key as "publicKey", private_enc as "privateEnc" from notify_vapid where id = 1`,
  )
  return { publicKey: rows[0]!.publicKey, privateKey: keys.decryptAtRest(rows[0]!.privateEnc), subject }
}
