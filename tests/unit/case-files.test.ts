// Case files on the device and in shared rules: types sniffed from bytes (never the name alone),
// the limits, and the 补正 outbox draining with applications (idempotent id, same bytes on retry).
import type { StoredAmendment } from '~/data/amendments'
import Dexie from 'dexie'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dueAmendments, queueAmendment } from '~/data/amendments'
import { closeDb, getDb } from '~/data/db'
import { STORAGE } from '~/data/keys'
import { wipeSessionData } from '~/data/session'
import { amendmentRequest } from '~/features/answer/request'
import { CASE_FILE_LIMITS, checkCaseFile, checkCaseFiles, cleanFileName, fileRefusalText, sniffType } from '~/shared/files'
import { generateAgencyKey, sealJson, uuidv7 } from '~/shared/submission'
import { drainOutbox } from '~/sync/outbox'

const bytes = (...xs: (number | string)[]) => new Uint8Array(xs.flatMap(x => typeof x === 'string' ? [...x].map(c => c.charCodeAt(0)) : [x]))

describe('sniffType', () => {
  it.each([
    ['a.pdf', bytes('%PDF-1.7\n'), 'application/pdf'],
    ['photo.jpg', bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10), 'image/jpeg'],
    ['scan.png', bytes(0x89, 'PNG', 0x0D, 0x0A, 0x1A, 0x0A, 0), 'image/png'],
    ['x.gif', bytes('GIF89a', 1, 0), 'image/gif'],
    ['x.webp', bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '), 'image/webp'],
    ['表.xlsx', bytes(0x50, 0x4B, 3, 4, 20), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['文.docx', bytes(0x50, 0x4B, 3, 4, 20), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['old.doc', bytes(0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1), 'application/msword'],
    // The bytes decide: a PDF named .exe is a PDF, a page named .pdf is nothing we accept.
    ['setup.exe', bytes('%PDF-1.4'), 'application/pdf'],
    ['page.pdf', bytes('<html><script>'), null],
    ['photo.jpg', bytes('MZ', 0x90, 0), null],
    // A ZIP is an office file only under an office name; any other ZIP (or a .jar) is refused.
    ['bundle.zip', bytes(0x50, 0x4B, 3, 4), null],
    ['short', bytes(0xFF), null],
  ] as const)('%s → %s', (name, b, type) => {
    expect(sniffType(b, name)).toBe(type)
  })
})

describe('limits', () => {
  const png = { name: 'p.png', bytes: bytes(0x89, 'PNG', 0x0D, 0x0A, 0x1A, 0x0A) }
  it('takes photos and PDFs for a 补正, office files only for an answer', () => {
    const docx = { name: 'a.docx', bytes: bytes(0x50, 0x4B, 3, 4) }
    expect(checkCaseFile('amendment', png)).toEqual({ ok: true, type: 'image/png' })
    expect(checkCaseFile('amendment', docx)).toMatchObject({ ok: false, refusal: { code: 'fileType' } })
    expect(checkCaseFile('answer', docx)).toMatchObject({ ok: true })
  })
  it('refuses an empty file, a file over the limit, too many and too much in total, naming the file', () => {
    const max = CASE_FILE_LIMITS.amendment
    expect(checkCaseFile('amendment', { name: 'e.png', bytes: new Uint8Array() })).toMatchObject({ ok: false, refusal: { code: 'emptyFile' } })
    const big = { name: 'b.pdf', bytes: new Uint8Array(max.perFileBytes + 1).fill(0x25) }
    expect(checkCaseFiles('amendment', [png, big])).toMatchObject({ ok: false, refusal: { code: 'fileTooLarge', index: 1, params: { mb: 5 } } })
    expect(checkCaseFiles('amendment', Array.from({ length: max.maxFiles + 1 }, () => png))).toMatchObject({ ok: false, refusal: { code: 'tooManyFiles', index: max.maxFiles } })
    const four = { name: 'f.pdf', bytes: new Uint8Array(4 * 1024 * 1024).fill(0x25) }
    four.bytes.set(bytes('%PDF-'))
    expect(checkCaseFiles('amendment', [four, four, four])).toMatchObject({ ok: false, refusal: { code: 'totalTooLarge', index: 2 } })
    expect(fileRefusalText({ code: 'fileTooLarge', params: { mb: 5 } }, 'zh')).toBe('文件过大：每个文件不超过5 MB')
  })
  it('cleans names: no path, no control characters, long names keep their extension', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd')
    expect(cleanFileName('C:\\Users\\a\\照片.jpg')).toBe('照片.jpg')
    expect(cleanFileName('a\u0000b"<c>.pdf')).toBe('abc.pdf')
    expect(cleanFileName('')).toBe('file')
    const long = cleanFileName(`${'长'.repeat(300)}.pdf`)
    expect(long.length).toBe(120)
    expect(long.endsWith('.pdf')).toBe(true)
  })
  it('reads the 补正 request from the latest amendmentRequested note', () => {
    expect(amendmentRequest([{ status: 'received', at: 'x' }, { status: 'amendmentRequested', at: 'y', note: '请补充身份证明' }])).toBe('请补充身份证明')
    expect(amendmentRequest([{ status: 'received', at: 'x' }])).toBeNull()
  })
})

describe('the 补正 outbox', () => {
  beforeEach(async () => {
    closeDb()
    await Dexie.delete(STORAGE.dbName)
  })
  afterEach(() => closeDb())

  async function queued(): Promise<StoredAmendment> {
    const key = (await generateAgencyKey()).publicKey
    const id = uuidv7()
    const rec: StoredAmendment = { id, trackingCode: 'GK-AAAA-BBBB-CCCC', applicationId: null, state: 'queued', proof: { token: 't'.repeat(43) }, sealed: await sealJson(key, { text: '补正', files: [] }, id), fileNames: [], createdAt: new Date().toISOString(), attempts: 0, nextAttemptAt: 0 }
    await queueAmendment(rec)
    return rec
  }

  it('sends with the applications\' drain: no answer → retried later with the same body; 2xx → sent, sealed data dropped', async () => {
    const a = await queued()
    const bodies: string[] = []
    let up = false
    const fetchFn = (async (url: string, init: RequestInit) => {
      expect(url).toBe('/api/applications/track/GK-AAAA-BBBB-CCCC/amendments')
      bodies.push(init.body as string)
      if (!up)
        throw new TypeError('Failed to fetch')
      return new Response(JSON.stringify({ id: a.id, receivedAt: '2026-12-03T06:00:00.000Z', duplicate: false }), { status: 201 })
    }) as typeof fetch
    const first = await drainOutbox({ fetch: fetchFn, random: () => 0 })
    expect(first).toMatchObject({ sent: 0, deferred: 1, unreachable: true })
    expect((await getDb().amendments.get(a.id))).toMatchObject({ state: 'queued', attempts: 1 })
    expect(await dueAmendments(Date.now())).toHaveLength(0)
    up = true
    const second = await drainOutbox({ fetch: fetchFn, now: () => Date.now() + 60_000, random: () => 0 })
    expect(second).toMatchObject({ sent: 1 })
    expect(bodies[0]).toBe(bodies[1])
    expect(JSON.parse(bodies[1]!)).toMatchObject({ v: 1, id: a.id, token: 't'.repeat(43) })
    const sent = await getDb().amendments.get(a.id)
    expect(sent).toMatchObject({ state: 'sent', receivedAt: '2026-12-03T06:00:00.000Z' })
    expect(sent?.sealed).toBeUndefined()
  })

  it('keeps a refused one with the server\'s reason and never retries it on its own; a kiosk wipe keeps only the unsent', async () => {
    const a = await queued()
    const b = await queued()
    const fetchFn = (async (_url: string, init: RequestInit) => {
      const id = JSON.parse(init.body as string).id
      return id === a.id
        ? new Response(JSON.stringify({ error: { code: 'conflict', message: 'x', details: { reason: 'noAmendmentPending' } } }), { status: 409 })
        : new Response('{}', { status: 503 })
    }) as typeof fetch
    await drainOutbox({ fetch: fetchFn, random: () => 0 })
    expect(await getDb().amendments.get(a.id)).toMatchObject({ state: 'rejected', rejection: { code: 'conflict', reason: 'noAmendmentPending' } })
    expect(await getDb().amendments.get(b.id)).toMatchObject({ state: 'queued', attempts: 1 })
    await wipeSessionData()
    expect((await getDb().amendments.toArray()).map(r => r.id)).toEqual([b.id])
  })
})
