/**
 * Notification settings from the environment (README: Configuration) and the VAPID key pair.
 * A channel without settings is off: nothing is queued for it. Web Push needs no operator settings:
 * its VAPID key pair comes from VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY or, like the server's other
 * keys (keys.ts), from DATA_DIR/keys/vapid.json, generated at first start with mode 0600, so every
 * instance and every restart signs with the key the browsers subscribed with.
 */
import type { EmailOptions, PushSender, SmsOptions, VapidKeys } from './channels'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
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

export function readNotifyConfig(env: NodeJS.ProcessEnv, port: number): Omit<NotifyOptions, 'push'> & { push: Omit<NotifyOptions['push'], 'vapid'> } {
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
  const allowedOrigins = env.PUSH_ALLOWED_ORIGINS ? env.PUSH_ALLOWED_ORIGINS.split(',').map(s => s.trim()).filter(Boolean) : DEFAULT_PUSH_ORIGINS
  return {
    ...NOTIFY_DEFAULTS,
    publicUrl,
    email,
    sms,
    push: { allowedOrigins },
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

/** The VAPID key pair: from the environment, else DATA_DIR/keys/vapid.json, else ephemeral (no dir: tests). */
export async function loadVapidKeys(env: NodeJS.ProcessEnv, dir: string | undefined): Promise<VapidKeys> {
  const subject = env.VAPID_SUBJECT || 'mailto:gongkai-notify@localhost'
  if (env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY)
    return { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject }
  const text = await readOrCreate(dir, 'vapid.json', async () => `${JSON.stringify(webpush.generateVAPIDKeys(), null, 2)}\n`)
  const keys = JSON.parse(text) as { publicKey: string, privateKey: string }
  return { publicKey: keys.publicKey, privateKey: keys.privateKey, subject }
}

/**
 * Reads dir/name, or creates it exclusively (two instances starting at once agree on one key).
 * TODO(issue 15): the VAPID pair belongs in the key vault with the other secrets.
 */
async function readOrCreate(dir: string | undefined, name: string, make: () => Promise<string>): Promise<string> {
  if (!dir)
    return make()
  const path = join(dir, name)
  try {
    return await readFile(path, 'utf8')
  }
  catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw err
  }
  await mkdir(dir, { recursive: true, mode: 0o700 })
  try {
    await writeFile(path, await make(), { flag: 'wx', mode: 0o600 })
  }
  catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
      throw err
  }
  return readFile(path, 'utf8')
}
