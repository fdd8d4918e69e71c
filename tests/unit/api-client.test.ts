/**
 * The one API client against a real HTTP server on loopback: the error body is parsed once into an
 * ApiError with a known code (an unknown or missing body becomes `http`), Retry-After is read,
 * no answer is `network` and a slow answer `timeout` (status 0), the CSRF token goes on writes only,
 * and empty query values are left out. Every code the client knows has a message in both locales.
 */
import type { AddressInfo } from 'node:net'
import { createServer } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, ApiError, apiRequest, parseRetryAfter, withQuery } from '~/app/api'
import en from '~/app/locales/en'
import zh from '~/app/locales/zh-CN'
import { API_ERROR_CODES } from '~/shared/api'

interface Seen { method: string, url: string, headers: Record<string, string | string[] | undefined>, body: string }
let base = ''
const seen: Seen[] = []
const server = createServer((req, res) => {
  let body = ''
  req.on('data', (c: Buffer) => (body += c.toString()))
  req.on('end', () => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body })
    const path = req.url!.split('?')[0]
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(JSON.stringify(value))
    }
    if (path === '/ok')
      return json(200, { hello: 'world' })
    if (path === '/empty') {
      res.writeHead(204)
      return res.end()
    }
    if (path === '/field')
      return json(400, { error: { code: 'invalid_field', message: 'year: 必须是有限的数字 (must be a finite number)', field: 'year' } })
    if (path === '/busy')
      return json(503, { error: { code: 'overloaded', message: 'busy' } }, { 'retry-after': '7' })
    if (path === '/unknown-code')
      return json(418, { error: { code: 'teapot', message: 'I am a teapot' } })
    if (path === '/html') {
      res.writeHead(502, { 'content-type': 'text/html' })
      return res.end('<h1>Bad gateway</h1>')
    }
    if (path === '/slow')
      return setTimeout(() => json(200, {}), 2_000)
    json(404, { error: { code: 'not_found', message: 'nope' } })
  })
})

beforeAll(async () => {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>(resolve => server.close(() => resolve())))

async function failure(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(() => null, (e: unknown) => e)
  expect(err).toBeInstanceOf(ApiError)
  return err as ApiError
}

describe('api client', () => {
  it('returns the parsed body on success and undefined for 204', async () => {
    expect(await api.get(`${base}/ok`)).toEqual({ hello: 'world' })
    expect(await api.delete(`${base}/empty`)).toBeUndefined()
  })

  it('parses the error body once into code, field and status', async () => {
    const e = await failure(api.get(`${base}/field`))
    expect([e.code, e.field, e.status, e.unreachable]).toEqual(['invalid_field', 'year', 400, false])
  })

  it('reads Retry-After into seconds', async () => {
    const e = await failure(api.get(`${base}/busy`))
    expect([e.code, e.status, e.retryAfter]).toEqual(['overloaded', 503, 7])
    expect(parseRetryAfter('12')).toBe(12)
    expect(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(30)
    expect(parseRetryAfter('soon')).toBeUndefined()
    expect(parseRetryAfter(null)).toBeUndefined()
  })

  it('an unknown code or a body that is not ours becomes `http`, keeping the status', async () => {
    expect((await failure(api.get(`${base}/unknown-code`))).code).toBe('http')
    const e = await failure(api.get(`${base}/html`))
    expect([e.code, e.status]).toEqual(['http', 502])
  })

  it('no answer is `network`, a slow one `timeout`, both with status 0', async () => {
    const closed = createServer()
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>(resolve => closed.close(() => resolve()))
    const down = await failure(api.get(`http://127.0.0.1:${port}/ok`))
    expect([down.code, down.status, down.unreachable]).toEqual(['network', 0, true])
    const slow = await failure(api.get(`${base}/slow`, { timeoutMs: 200 }))
    expect([slow.code, slow.status]).toEqual(['timeout', 0])
  })

  it('the caller\'s own abort stays an abort, not an ApiError', async () => {
    const ctrl = new AbortController()
    const p = api.get(`${base}/slow`, { signal: ctrl.signal })
    ctrl.abort()
    const err = await p.then(() => null, (e: unknown) => e)
    expect(err).not.toBeInstanceOf(ApiError)
    expect((err as Error).name).toBe('AbortError')
  })

  it('sends the CSRF token on writes only, JSON and raw bodies with their content type', async () => {
    seen.length = 0
    await api.get(`${base}/ok`, { csrf: 'tok' })
    await api.post(`${base}/ok`, { csrf: 'tok', json: { a: 1 } })
    await apiRequest('PUT', `${base}/ok`, { csrf: 'tok', raw: { body: 'bytes', contentType: 'application/octet-stream' } })
    expect(seen.filter(s => s.url === '/ok').map(s => [s.method, s.headers['x-csrf-token'], s.headers['content-type'], s.body])).toEqual([
      ['GET', undefined, undefined, ''],
      ['POST', 'tok', 'application/json', '{"a":1}'],
      ['PUT', 'tok', 'application/octet-stream', 'bytes'],
    ])
  })

  it('leaves empty query values out', async () => {
    expect(withQuery('/api/x', { a: 'b c', n: 0, no: '', un: undefined, nu: null, t: true })).toBe('/api/x?a=b+c&n=0&t=true')
    expect(withQuery('/api/x?since=1', { limit: 5 })).toBe('/api/x?since=1&limit=5')
    expect(withQuery('/api/x', {})).toBe('/api/x')
  })

  it('every error code has a message in both app locales', () => {
    for (const code of API_ERROR_CODES) {
      expect((zh.errors as Record<string, string>)[code], code).toBeTruthy()
      expect((en.errors as Record<string, string>)[code], code).toBeTruthy()
    }
  })
})
