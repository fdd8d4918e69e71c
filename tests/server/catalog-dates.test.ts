/**
 * Dates shown as precisely as known (issue 18): a seed entry whose source gives only a year
 * travels as `YYYY`, never an invented `YYYY-01-01`; full dates stay full. Both storages.
 */
import type { CatalogEntry } from '../../src/shared/catalog/types'
import { describe, expect, it } from 'vitest'
import { setupApp } from './helpers'

const KINDS = process.env.DATABASE_URL ? (['pglite', 'postgres'] as const) : (['pglite'] as const)

describe.each(KINDS)('catalog dates (%s)', (kind) => {
  it('year-only entries say only the year; dated ones their day', { timeout: 120_000 }, async () => {
    const { app, close } = await setupApp(kind, { seed: true })
    try {
      const entries: CatalogEntry[] = []
      let cursor = ''
      for (let i = 0; i < 20; i++) {
        const res = await app.inject({ method: 'GET', url: `/api/sync/changes${cursor ? `?since=${encodeURIComponent(cursor)}` : ''}` })
        expect(res.statusCode).toBe(200)
        const body = res.json() as { changes?: { entity: string, value?: CatalogEntry }[], cursor?: string, hasMore?: boolean }
        for (const c of body.changes ?? []) {
          if (c.entity === 'catalogEntry' && c.value)
            entries.push(c.value)
        }
        if (!body.hasMore)
          break
        cursor = body.cursor ?? ''
      }
      const byTitle = (t: string) => entries.find(e => e.title === t)
      expect(byTitle('津市市公共资源交易平台管理办法')?.publishedAt).toBe('2012')
      expect(byTitle('津市市人民政府2012年度政府信息公开工作报告')?.publishedAt).toBe('2013-03-10')
    }
    finally {
      await close()
    }
  })
})
