/**
 * What the server believes about the network in front of it, and how long it waits for clients.
 *
 * TRUST_PROXY (off by default) names the proxies whose X-Forwarded-For is believed: addresses and
 * CIDRs (`127.0.0.1,10.0.0.0/8`), or a hop count (`1`: the nearest hop is a proxy; only safe when
 * clients cannot reach the server around it). `req.ip` is then the client's address everywhere:
 * rate limits, the sign-in lock-out, the audit log. Trusting every sender (`true`) is refused: any
 * client could then pick its own address and walk past every per-address limit.
 *
 * Timeouts: headers must arrive within `headersMs`, a body within `bodyMs` of the request's start
 * (checked per request, so a client trickling one byte a second cannot hold a socket and memory
 * for ever), and a kept-alive connection with nothing to do is closed after `idleMs`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isIP } from 'node:net'
import { ApiError } from './errors'

export type TrustProxy = false | number | string[]

/** Parses TRUST_PROXY; throws with the variable named on anything else. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = (value ?? '').trim()
  if (v === '' || v === 'false' || v === 'off')
    return false
  if (/^\d+$/.test(v)) {
    const n = Number(v)
    if (n < 1 || n > 10)
      throw new Error(`TRUST_PROXY hop count must be 1–10, got ${v}`)
    return n
  }
  if (v === 'true' || v === '*')
    throw new Error('TRUST_PROXY=true would believe any client\'s X-Forwarded-For: give the proxies\' addresses or CIDRs (e.g. 127.0.0.1), or a hop count')
  const list = v.split(',').map(s => s.trim()).filter(Boolean)
  for (const entry of list) {
    const [addr, bits, extra] = entry.split('/')
    const family = isIP(addr ?? '')
    const maxBits = family === 6 ? 128 : 32
    if (!family || extra !== undefined || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= maxBits)))
      throw new Error(`TRUST_PROXY: "${entry}" is not an address or CIDR`)
  }
  return list
}

export interface NetworkTimeouts {
  headersMs: number
  bodyMs: number
  idleMs: number
}

export const DEFAULT_TIMEOUTS: NetworkTimeouts = { headersMs: 10_000, bodyMs: 30_000, idleMs: 30_000 }

/** Fastify constructor options for the proxy setting and the idle/keep-alive timeouts. */
export function fastifyNetworkOptions(trustProxy: TrustProxy, t: NetworkTimeouts) {
  return {
    // A hop count as a function (Fastify's types take no number): trust the nearest n hops.
    trustProxy: typeof trustProxy === 'number' ? (_addr: string, hop: number) => hop < trustProxy : trustProxy,
    // A socket with no traffic at all for this long is closed (idle keep-alive, stalled upload).
    connectionTimeout: t.idleMs,
    keepAliveTimeout: Math.min(t.idleMs, 5_000),
    // Node's own whole-request limit, a backstop for the per-request body timer below.
    requestTimeout: t.headersMs + t.bodyMs,
  }
}

/** Headers timeout on the socket server, and a per-request timer on the body. */
export function installTimeouts(app: FastifyInstance, t: NetworkTimeouts): void {
  app.server.headersTimeout = t.headersMs
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const raw = req.raw
    const hasBody = (raw.headers['content-length'] && raw.headers['content-length'] !== '0') || raw.headers['transfer-encoding']
    if (!hasBody || raw.readableEnded)
      return
    const timer = setTimeout(() => {
      if (raw.readableEnded || reply.sent)
        return
      // Answer if the socket can still take it, then drop the connection and what was buffered.
      reply.header('connection', 'close')
      void reply.code(408).send(new ApiError(408, 'timeout', '请求内容发送超时，请重试 (request body timed out)').toJSON())
      setImmediate(() => raw.socket?.destroy())
    }, t.bodyMs)
    timer.unref()
    raw.once('end', () => clearTimeout(timer))
    raw.once('close', () => clearTimeout(timer))
  })
}
