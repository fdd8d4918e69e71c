/**
 * How the built app is served: sw.js, index.html and the manifest (and every app route, which is
 * index.html) must never be cached for long, or an update could never reach a device; hashed
 * assets are immutable; a vanished asset is a 404, never the HTML shell.
 */
import type { FastifyInstance } from 'fastify'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '~/server/platform/app'
import { openTestDb } from './helpers'

describe('static app serving', () => {
  let app: FastifyInstance
  let dist: string
  let drop: () => Promise<void>

  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), 'gongkai-dist-'))
    await mkdir(join(dist, 'assets'))
    await mkdir(join(dist, 'icons'))
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>shell</title>')
    await writeFile(join(dist, 'sw.js'), 'self.addEventListener("install", () => {})')
    await writeFile(join(dist, 'manifest.webmanifest'), '{"name":"公开"}')
    await writeFile(join(dist, 'assets', 'index-abc123.js'), 'export {}')
    // What the build's precompress step writes next to each hashed asset.
    await writeFile(join(dist, 'assets', 'big-abc123.js'), `export const x = ${JSON.stringify('公开'.repeat(2000))}`)
    await writeFile(join(dist, 'assets', 'big-abc123.js.br'), brotliCompressSync(`export const x = ${JSON.stringify('公开'.repeat(2000))}`))
    await writeFile(join(dist, 'icons', 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
    const t = await openTestDb('pglite')
    drop = t.drop
    app = await buildApp({ db: t.db, version: 'test', distDir: dist })
  })
  afterAll(async () => {
    await app?.close()
    await drop?.()
    await rm(dist, { recursive: true, force: true })
  })

  it('sends the precompressed file to a browser that accepts it, the plain one otherwise', async () => {
    const br = await app.inject({ url: '/assets/big-abc123.js', headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(br.statusCode).toBe(200)
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary).toMatch(/accept-encoding/i)
    expect(brotliDecompressSync(br.rawPayload).toString()).toContain('公开公开')
    const plain = await app.inject({ url: '/assets/big-abc123.js', headers: { 'accept-encoding': 'identity' } })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toContain('公开公开')
  })

  it.each(['/sw.js', '/index.html', '/manifest.webmanifest'])('%s is served with cache-control: no-cache', async (url) => {
    const res = await app.inject(url)
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-cache')
  })

  it.each(['/', '/reports', '/reports/000_x', '/kiosk'])('the app route %s gets the shell with no-cache', async (url) => {
    const res = await app.inject(url)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('<title>shell</title>')
    expect(res.headers['cache-control']).toBe('no-cache')
  })

  it('hashed assets are immutable for a year', async () => {
    const res = await app.inject('/assets/index-abc123.js')
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
  })

  it('an asset that vanished after a deploy is a 404, not the HTML shell', async () => {
    const res = await app.inject('/assets/ReportPage-old999.js')
    expect(res.statusCode).toBe(404)
    expect(res.body).not.toContain('<title>shell</title>')
  })

  it('other static files get a short cache', async () => {
    const res = await app.inject('/icons/icon.svg')
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('public, max-age=3600')
  })
})

describe('a deploy into the served directory', () => {
  it('serves assets written after start-up (no restart needed)', async () => {
    const dist = await mkdtemp(join(tmpdir(), 'gongkai-dist-'))
    await mkdir(join(dist, 'assets'))
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>shell</title>')
    const t = await openTestDb('pglite')
    const app = await buildApp({ db: t.db, version: 'test', distDir: dist })
    try {
      await writeFile(join(dist, 'assets', 'index-new456.js'), 'export const v = 2')
      const res = await app.inject('/assets/index-new456.js')
      expect(res.statusCode).toBe(200)
      expect(res.body).toContain('v = 2')
    }
    finally {
      await app.close()
      await t.drop()
      await rm(dist, { recursive: true, force: true })
    }
  })
})
