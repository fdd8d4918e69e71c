/**
 * The far ends of the notifier for server tests, all real and on loopback: an SMTP server
 * (smtp-server) that keeps what it is sent, an SMS gateway (node:http) that can be up, down or hold
 * a request, and a push client that records what it was asked to send.
 */
import type { AddressInfo } from 'node:net'
import type { PushSender, PushTarget } from '~/server/notify/channels'
import type { Db, Queryable } from '~/server/platform/db'
import type { PushPayload } from '~/shared/notify'
import { createServer } from 'node:http'
import { SMTPServer } from 'smtp-server'

export interface Mail { to: string[], messageId: string, raw: string, text: string }

/** Decodes the text part of a single-part message as nodemailer writes it (quoted-printable or base64). */
function bodyText(raw: string): string {
  const split = raw.indexOf('\r\n\r\n')
  const head = raw.slice(0, split)
  const body = raw.slice(split + 4)
  const enc = /content-transfer-encoding:\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase()
  if (enc === 'base64')
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
  if (enc === 'quoted-printable') {
    const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)))
    return Buffer.from(bytes, 'latin1').toString('utf8')
  }
  return body
}

export async function startSmtpSink(): Promise<{ port: number, mails: Mail[], close: () => Promise<void> }> {
  const mails: Mail[] = []
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: the notifier's TLS options are the operator's business.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        mails.push({
          to: session.envelope.rcptTo.map(r => r.address),
          messageId: /^message-id:\s*(\S+)/im.exec(raw)?.[1] ?? '',
          raw,
          text: bodyText(raw),
        })
        callback()
      })
    },
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return { port, mails, close: () => new Promise<void>(resolve => server.close(() => resolve())) }
}

export interface GatewayRequest { key: string, auth: string | undefined, body: { requestId: string, templateId: string, to: string, params: Record<string, string> } }

/**
 * An SMS gateway as operators run them: JSON in, 2xx when accepted, idempotent on the
 * Idempotency-Key header (a repeated key is answered 200 and not delivered again).
 */
export async function startGateway() {
  const requests: GatewayRequest[] = []
  const delivered = new Map<string, GatewayRequest>()
  const state = { mode: 'up' as 'up' | 'down' | 'hold', held: [] as (() => void)[] }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const r: GatewayRequest = { key: String(req.headers['idempotency-key'] ?? ''), auth: req.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }
      requests.push(r)
      const answer = () => {
        if (state.mode === 'down') {
          res.writeHead(503).end('service unavailable')
          return
        }
        if (!delivered.has(r.key))
          delivered.set(r.key, r)
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')
      }
      if (state.mode === 'hold')
        state.held.push(answer)
      else
        answer()
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/send`,
    requests,
    delivered,
    state,
    /** Answers every held request (as "up"). */
    release() {
      state.mode = 'up'
      for (const a of state.held.splice(0))
        a()
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

export interface PushRecord { target: PushTarget, payload: PushPayload, topic: string }

/** A push client that records each request and answers with `status(endpoint)` (201 by default). */
export function recordingPushSender(status: (endpoint: string) => number = () => 201): { sender: PushSender, sent: PushRecord[] } {
  const sent: PushRecord[] = []
  return {
    sent,
    sender: async (target, payload, opts) => {
      sent.push({ target, payload, topic: opts.topic })
      return { status: status(target.endpoint) }
    },
  }
}

/** A storage handle that dies on demand, as the process holding it would: every later call throws. */
export function crashableDb(db: Db): { db: Db, crash: () => void } {
  let crashed = false
  const check = () => {
    if (crashed)
      throw new Error('instance gone')
  }
  const wrap = (q: Queryable): Queryable => ({
    query: async <T>(sql: string, params?: unknown[]) => {
      check()
      return q.query<T>(sql, params)
    },
    exec: async (sql: string) => {
      check()
      return q.exec(sql)
    },
  })
  return {
    db: {
      ...wrap(db),
      kind: db.kind,
      description: db.description,
      transaction: async (fn) => {
        check()
        return db.transaction(tx => fn(wrap(tx)))
      },
      listen: (channel, on) => db.listen(channel, on),
      close: async () => {},
    },
    crash: () => {
      crashed = true
    },
  }
}
