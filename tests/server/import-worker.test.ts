// The importer off the event loop (issue 19): a worker thread per upload slot, with a time limit
// that ends even a busy worker, a bounded queue, and plain-language 4xx/503 answers on the route.
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'
import { afterAll, describe, expect, it } from 'vitest'
import { ApiError } from '~/server/platform/errors'
import { createImportRunner, ImportLimitError } from '~/server/reports/import-worker'
import { importUpload } from '~/server/reports/upload'

const REPORT = readFileSync(new URL('../fixtures/reports/2021-flattened.txt', import.meta.url), 'utf8')

describe('import worker', () => {
  const runner = createImportRunner({ workers: 1, timeoutMs: 20_000, maxQueued: 1 })
  afterAll(() => runner.close())

  it('reads a report in a worker thread: the same result as in-process, the event loop free meanwhile', async () => {
    const big = REPORT.repeat(Math.ceil(3_000_000 / REPORT.length))
    let ticks = 0
    const timer = setInterval(() => ticks++, 5)
    const t0 = Date.now()
    const r = await runner.run(big)
    const ms = Date.now() - t0
    clearInterval(timer)
    expect(r.year).toBe(2021)
    expect(r.figures['requests.total']?.value).toBe(49)
    // the main thread kept ticking while the worker read 3 MB
    expect(ticks).toBeGreaterThan(ms / 5 / 4)
  })

  it('beyond the queue the runner says busy instead of piling work up', async () => {
    const jobs = [runner.run(REPORT), runner.run(REPORT), runner.run(REPORT)]
    const settled = await Promise.allSettled(jobs)
    expect(settled.filter(s => s.status === 'fulfilled')).toHaveLength(2)
    const refused = settled.find(s => s.status === 'rejected') as PromiseRejectedResult
    expect(refused.reason).toBeInstanceOf(ImportLimitError)
    expect(refused.reason.reason).toBe('busy')
  })

  it('a report not read in time ends its worker; the next upload gets a fresh one', async () => {
    const quick = createImportRunner({ workers: 1, timeoutMs: 1 })
    try {
      await expect(quick.run(REPORT)).rejects.toMatchObject({ reason: 'timeout' })
      await expect(quick.run(REPORT)).rejects.toMatchObject({ reason: 'timeout' })
    }
    finally {
      await quick.close()
    }
  })
})

describe('upload route limits', () => {
  const app = Fastify()
  const read = importUpload(app, 1)
  app.setErrorHandler((err, _req, reply) => err instanceof ApiError ? reply.status(err.statusCode).send(err.toJSON()) : reply.send(err))
  app.post('/read', async (req, reply) => read(String(req.body), reply))
  afterAll(() => app.close())

  it('a report that cannot be read in time is a 422 about the file, in Chinese and English', async () => {
    const res = await app.inject({ method: 'POST', url: '/read', headers: { 'content-type': 'text/plain' }, payload: REPORT })
    expect(res.statusCode).toBe(422)
    expect(res.json()).toMatchObject({ error: { code: 'import_timeout', field: 'file', message: expect.stringMatching(/秒.*time limit/) } })
  })
})
