/**
 * The three ways a message leaves the server, behind one interface. Each send carries a stable
 * idempotency key (the outbox row's id), so a retry after an instance died between the far end's
 * "accepted" and our commit is recognisable there: the SMS gateway gets it as `Idempotency-Key`,
 * an e-mail as its Message-ID, a push message as its Topic (the push service replaces an
 * undelivered message with the same topic instead of delivering both).
 *
 * A channel throws SendError: `permanent` means retrying cannot help (a refused address, a push
 * subscription that is gone); anything else is retried with backoff by the worker.
 */
import type { PushPayload } from '../../shared/notify'
import type { RenderedMessage } from './messages'
import { createTransport } from 'nodemailer'
import webpush from 'web-push'

export class SendError extends Error {
  constructor(message: string, readonly permanent: boolean, readonly gone = false) {
    super(message)
  }
}

/** One send: the key, the address (an e-mail address, a mobile number or a push subscription) and the text. */
export interface SendInput<To> { key: string, to: To, message: RenderedMessage }

export interface Channel<To> {
  send: (input: SendInput<To>) => Promise<void>
  close?: () => void
}

export interface EmailOptions {
  host: string
  port: number
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean
  /** Refuse to send unless STARTTLS succeeds. */
  requireTls: boolean
  user?: string
  pass?: string
  from: string
  /** Domain part of Message-IDs. */
  messageIdDomain: string
  /** Accept a self-signed certificate (tests, an internal relay); never in production. */
  allowSelfSigned?: boolean
}

export function emailChannel(o: EmailOptions): Channel<string> {
  const transport = createTransport({
    host: o.host,
    port: o.port,
    secure: o.secure,
    requireTLS: o.requireTls,
    ...(o.user ? { auth: { user: o.user, pass: o.pass ?? '' } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    tls: o.allowSelfSigned ? { rejectUnauthorized: false } : {},
  })
  return {
    async send({ key, to, message }) {
      try {
        await transport.sendMail({
          from: o.from,
          to,
          subject: message.subject,
          text: message.text,
          messageId: `<${key}@${o.messageIdDomain}>`,
        })
      }
      catch (err) {
        const code = (err as { responseCode?: number }).responseCode
        // 5xx from the server: the address or the message is refused, retrying will not help.
        throw new SendError(`smtp: ${code ?? ''} ${(err as Error).message}`.trim(), code !== undefined && code >= 500 && code < 600)
      }
    },
    close: () => transport.close(),
  }
}

export interface SmsOptions {
  /** The operator's gateway: POST JSON here. */
  url: string
  templateId: string
  /** Sent as `Authorization: Bearer …` when set. */
  token?: string
  /** Base URL of the tracking page the message links to. */
  timeoutMs?: number
}

/**
 * SMS through the operator's HTTP gateway. The body carries the template id, the number and the
 * template's three variables (code, step, link): nothing else about the applicant.
 */
export function smsChannel(o: SmsOptions): Channel<string> {
  return {
    async send({ key, to, message }) {
      const code = /[?&]code=([^&]+)/.exec(message.push.url)?.[1]
      let res: Response
      try {
        res = await fetch(o.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': key,
            ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
          },
          body: JSON.stringify({
            requestId: key,
            templateId: o.templateId,
            to,
            params: { code: code ? decodeURIComponent(code) : '', step: message.step, link: message.link },
          }),
          signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
        })
      }
      catch (err) {
        throw new SendError(`sms gateway unreachable: ${(err as Error).message}`, false)
      }
      const text = (await res.text().catch(() => '')).slice(0, 200)
      if (res.ok)
        return
      // 4xx other than timeouts and rate limits: the gateway refuses this message for good.
      const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429
      throw new SendError(`sms gateway ${res.status}: ${text}`, permanent)
    },
  }
}

export interface VapidKeys { publicKey: string, privateKey: string, subject: string }

export interface PushTarget { endpoint: string, p256dh: string, auth: string }

/**
 * What the push client is asked to send: the subscription, the plain payload and the options. The
 * default sender encrypts with web-push and POSTs to the endpoint; tests inject their own at the
 * app factory to record exactly what would go out.
 */
export type PushSender = (target: PushTarget, payload: PushPayload, opts: { topic: string, ttlSec: number }) => Promise<{ status: number }>

/** Whether an endpoint's origin is one the operator allows (push services; no requests elsewhere). */
export function pushEndpointAllowed(endpoint: string, allowedOrigins: readonly string[]): boolean {
  let u: URL
  try {
    u = new URL(endpoint)
  }
  catch {
    return false
  }
  return allowedOrigins.some((o) => {
    const m = /^(https?):\/\/(\*\.)?(.+)$/.exec(o)
    if (!m || `${m[1]}:` !== u.protocol)
      return false
    const host = u.port ? `${u.hostname}:${u.port}` : u.hostname
    return m[2] ? host.endsWith(`.${m[3]}`) : host === m[3]
  })
}

/** Web Push: RFC 8291 encryption and VAPID headers by web-push, the POST by fetch. */
export function defaultPushSender(vapid: VapidKeys, allowedOrigins: readonly string[]): PushSender {
  return async (target, payload, opts) => {
    if (!pushEndpointAllowed(target.endpoint, allowedOrigins))
      return { status: 410 }
    const details = webpush.generateRequestDetails(
      { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
      JSON.stringify(payload),
      { vapidDetails: vapid, TTL: opts.ttlSec, topic: opts.topic, urgency: 'normal', contentEncoding: 'aes128gcm' },
    )
    const res = await fetch(details.endpoint, {
      method: 'POST',
      headers: details.headers as Record<string, string>,
      body: details.body ? new Uint8Array(details.body) : undefined,
      signal: AbortSignal.timeout(15_000),
      redirect: 'error',
    })
    await res.arrayBuffer().catch(() => undefined)
    return { status: res.status }
  }
}

export function pushChannel(sender: PushSender): Channel<PushTarget> {
  return {
    async send({ key, to, message }) {
      let status: number
      try {
        // A week: a phone that is off for a few days still gets it, a stale step not much later.
        status = (await sender(to, message.push, { topic: key.replace(/[^\w-]/g, '').slice(-32), ttlSec: 7 * 24 * 3600 })).status
      }
      catch (err) {
        throw new SendError(`push service unreachable: ${(err as Error).message}`, false)
      }
      if (status >= 200 && status < 300)
        return
      // 404/410: the browser unsubscribed or the subscription expired.
      if (status === 404 || status === 410)
        throw new SendError(`push subscription gone (${status})`, true, true)
      throw new SendError(`push service ${status}`, status >= 400 && status < 500 && status !== 408 && status !== 429)
    },
  }
}
