/**
 * Every rejection is a 4xx with one JSON shape, so the client can put the message next to the field:
 *   { "error": { "code": "invalid_field", "message": "…", "field": "id" } }
 * Anything unexpected becomes a 500 with no internals leaked (and is logged).
 */
import type { FastifyError, FastifyInstance } from 'fastify'
import type { ApiErrorBody } from '../../shared/api'

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message)
  }

  toJSON(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}), ...(this.details !== undefined ? { details: this.details } : {}) } }
  }
}

export const badField = (field: string, message: string) => new ApiError(400, 'invalid_field', message, field)
export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} 不存在 (not found)`)

/** The path of the first number that is not finite in `value` (JSON `1e309`, a query `Infinity`), if any. */
function nonFinitePath(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'number')
    return Number.isFinite(value) ? undefined : path
  // Uploads arrive as Buffers: bytes are never a number field.
  if (!value || typeof value !== 'object' || ArrayBuffer.isView(value) || depth > 32)
    return undefined
  for (const [k, v] of Object.entries(value)) {
    const found = nonFinitePath(v, path ? `${path}.${k}` : k, depth + 1)
    if (found)
      return found
  }
  return undefined
}

export function installErrorHandling(app: FastifyInstance): void {
  // Ajv coerces "Infinity" or "1e309" to Infinity and then skips minimum/maximum for it (they only
  // check finite numbers), and JSON.parse turns 1e309 into Infinity: no route wants one, so every
  // validated request with a non-finite number is a 400 naming the field, before any handler runs.
  app.addHook('preHandler', async (req) => {
    for (const [part, value] of [['query', req.query], ['params', req.params], ['body', req.body]] as const) {
      const field = nonFinitePath(value, '')
      if (field !== undefined)
        throw badField(field || part, `${field || part}: 必须是有限的数字 (must be a finite number)`)
    }
  })

  app.setErrorHandler((err: FastifyError | ApiError, req, reply) => {
    if (err instanceof ApiError)
      return reply.status(err.statusCode).send(err.toJSON())
    if ((err as FastifyError).validation) {
      const v = (err as FastifyError).validation![0]
      const field = (v?.instancePath?.replace(/^\//, '') || (v?.params as any)?.missingProperty || (err as FastifyError).validationContext) ?? undefined
      return reply.status(400).send(new ApiError(400, 'invalid_field', `${field ?? 'request'}: ${v?.message ?? err.message}`, field).toJSON())
    }
    const status = (err as FastifyError).statusCode
    if (status && status >= 400 && status < 500) {
      const code = (err as FastifyError).code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'payload_too_large'
        : (err as FastifyError).code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : 'bad_request'
      return reply.status(status).send(new ApiError(status, code, err.message).toJSON())
    }
    req.log.error({ err }, 'unhandled error')
    return reply.status(500).send(new ApiError(500, 'internal', '服务器内部错误，请稍后重试 (internal error)').toJSON())
  })
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send(new ApiError(404, 'not_found', `没有这个接口：${req.method} ${req.url.split('?')[0]}`).toJSON())
  })
}
