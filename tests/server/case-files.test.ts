// Issue 18: the applicant answers a 补正 from the app (sealed, idempotent, proven like tracking,
// files sniffed and limited) and the case restarts its clock; reviewers attach the documents an
// answer discloses; the applicant downloads them and the 告知书 only as downloads, once answered.
import type { FastifyInstance } from 'fastify'
import type { Signed } from './staff-helpers'
import type { CaseFilesResponse, SubmitAmendmentRequest } from '~/shared/files'
import type { CaseDetail } from '~/shared/review/api'
import type { ApplicationPublicKey, TrackApplicationResponse } from '~/shared/submission'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sealJson, toBase64Url, uuidv7 } from '~/shared/submission'
import { setupApp, storageKinds } from './helpers'
import { addStaff, signIn, submitApplication } from './staff-helpers'

const PNG = new Uint8Array([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3])
const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n')
const HTML = new TextEncoder().encode('<html><script>alert(1)</script></html>')
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)

describe.each(storageKinds)('case files on %s', (kind) => {
  let app: FastifyInstance
  let close: () => Promise<void>
  let rev: Signed
  let key: ApplicationPublicKey
  beforeAll(async () => {
    let db
    ({ app, db, close } = await setupApp(kind, { seed: false }))
    await addStaff(db, 'rev', 'reviewer')
    rev = await signIn(app, 'rev')
    key = (await app.inject('/api/keys/applications')).json()
  })
  afterAll(() => close())

  const act = (id: string, payload: object) => app.inject({ method: 'POST', url: `/api/staff/applications/${id}/actions`, headers: rev.headers, payload })
  const caseOf = async (id: string) => (await app.inject({ url: `/api/staff/applications/${id}`, headers: rev.headers })).json() as CaseDetail

  /** A submitted, registered case with a 补正 request out. */
  async function awaitingAmendment() {
    const sub = await submitApplication(app)
    expect((await act(sub.id, { type: 'register', channel: 'online' })).statusCode).toBe(200)
    expect((await act(sub.id, { type: 'requestAmendment', items: '请写明项目名称并附身份证明' })).statusCode).toBe(200)
    return sub
  }

  async function amendment(opts: { id?: string, text?: string, files?: { name: string, bytes: Uint8Array }[], proof?: { token?: string, phone4?: string } } & { token?: string }): Promise<SubmitAmendmentRequest> {
    const id = opts.id ?? uuidv7()
    const content = { text: opts.text ?? '项目名称：老旧小区改造', files: (opts.files ?? []).map(f => ({ name: f.name, data: toBase64Url(f.bytes) })) }
    return { v: 1, id, ...opts.proof, sealed: await sealJson(key, content, id) }
  }
  const send = (code: string, body: unknown) => app.inject({ method: 'POST', url: `/api/applications/track/${code}/amendments`, payload: body as object })

  it('takes the applicant\'s 补正 with a photo into the case as 补正材料 and restarts the clock; a retry is answered once', async () => {
    const sub = await awaitingAmendment()
    const before = await caseOf(sub.id)
    expect(before.clock.paused).toBe(true)
    const tracked = (await app.inject(`/api/applications/track/${sub.trackingCode}?token=${sub.statusToken}`)).json() as TrackApplicationResponse
    expect(tracked.status).toBe('amendmentRequested')
    expect(tracked.history.at(-1)).toMatchObject({ status: 'amendmentRequested', note: '请写明项目名称并附身份证明' })
    expect(tracked.delivery).toBeNull()

    const body = await amendment({ proof: { token: sub.statusToken }, files: [{ name: 'id-card.png', bytes: PNG }] })
    const r = await send(sub.trackingCode, body)
    expect(r.statusCode, r.body).toBe(201)
    expect(r.json()).toMatchObject({ id: body.id, duplicate: false })

    const after = await caseOf(sub.id)
    expect(after.item.status).toBe('open')
    expect(after.clock.paused).toBe(false)
    expect(after.clock.clockStart).toBe(today())
    expect(after.history.at(-1)).toMatchObject({ kind: 'amendmentReceived', actor: null, publicStatus: 'amendmentReceived' })

    const files = (await app.inject({ url: `/api/staff/applications/${sub.id}/files`, headers: rev.headers })).json() as CaseFilesResponse
    expect(files.amendments).toHaveLength(1)
    expect(files.amendments[0]).toMatchObject({ id: body.id, text: '项目名称：老旧小区改造', files: [{ name: 'id-card.png', contentType: 'image/png', size: PNG.length }] })
    const dl = await app.inject({ url: `/api/staff/applications/${sub.id}/files/${files.amendments[0]!.files[0]!.id}`, headers: rev.headers })
    expect(dl.statusCode).toBe(200)
    expect(new Uint8Array(dl.rawPayload)).toEqual(PNG)

    // The same request again (the outbox retried after a lost answer): 200, nothing added.
    const again = await send(sub.trackingCode, body)
    expect(again.statusCode).toBe(200)
    expect(again.json()).toMatchObject({ id: body.id, duplicate: true })
    expect(((await app.inject({ url: `/api/staff/applications/${sub.id}/files`, headers: rev.headers })).json() as CaseFilesResponse).amendments).toHaveLength(1)
    expect((await caseOf(sub.id)).history.filter(h => h.kind === 'amendmentReceived')).toHaveLength(1)
    // The same id with other content is a conflict; a second 补正 when none is pending too.
    expect((await send(sub.trackingCode, await amendment({ id: body.id, text: '别的', proof: { token: sub.statusToken } }))).statusCode).toBe(409)
    const second = await send(sub.trackingCode, await amendment({ proof: { token: sub.statusToken } }))
    expect(second.statusCode).toBe(409)
    expect(second.json()).toMatchObject({ error: { code: 'conflict', details: { reason: 'noAmendmentPending' } } })

    const t2 = (await app.inject(`/api/applications/track/${sub.trackingCode}?token=${sub.statusToken}`)).json() as TrackApplicationResponse
    expect(t2.status).toBe('amendmentReceived')
  })

  it('proves the right to answer like tracking: token or phone digits; a wrong proof or code is a 404', async () => {
    const sub = await awaitingAmendment()
    expect((await send(sub.trackingCode, await amendment({ proof: { token: 'x'.repeat(43) } }))).statusCode).toBe(404)
    expect((await send(sub.trackingCode, await amendment({ proof: { phone4: '9999' } }))).statusCode).toBe(404)
    expect((await send(sub.trackingCode, await amendment({}))).statusCode).toBe(404)
    const unknown = await send('GK-0000-0000-0000', await amendment({ proof: { token: sub.statusToken } }))
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toMatchObject({ error: { code: 'not_found' } })
    // Another application's token opens nothing here.
    const other = await submitApplication(app)
    expect((await send(sub.trackingCode, await amendment({ proof: { token: other.statusToken } }))).statusCode).toBe(404)
    // The phone's last four digits (13800138000) work from any device.
    expect((await send(sub.trackingCode, await amendment({ proof: { phone4: '8000' } }))).statusCode).toBe(201)
  })

  it('refuses bad input with a 4xx naming the field: shape, seal, text, types sniffed from bytes, sizes, counts', async () => {
    const sub = await awaitingAmendment()
    const proof = { token: sub.statusToken }
    const expectRefused = async (body: unknown, status: number, field: string) => {
      const r = await send(sub.trackingCode, body)
      expect(r.statusCode, r.body).toBe(status)
      expect(r.json().error.field).toBe(field)
    }
    await expectRefused({ ...(await amendment({ proof })), id: 'not-a-uuid' }, 400, 'id')
    await expectRefused({ ...(await amendment({ proof })), v: 2 }, 400, 'v')
    await expectRefused({ ...(await amendment({ proof })), sealed: { v: 1 } }, 400, 'sealed')
    // Sealed for another id: the seal is bound to it and cannot be opened.
    const a = await amendment({ proof })
    await expectRefused({ ...a, id: uuidv7() }, 422, 'sealed')
    await expectRefused(await amendment({ proof, text: '', files: [] }), 400, 'text')
    await expectRefused(await amendment({ proof, text: 'x'.repeat(2001) }), 400, 'text')
    // A web page named like a photo: refused by its bytes.
    await expectRefused(await amendment({ proof, files: [{ name: 'photo.jpg', bytes: HTML }] }), 415, 'files.0')
    await expectRefused(await amendment({ proof, files: [{ name: 'ok.png', bytes: PNG }, { name: 'big.pdf', bytes: new Uint8Array(5 * 1024 * 1024 + 1).fill(0x25) }] }), 413, 'files.1')
    await expectRefused(await amendment({ proof, files: Array.from({ length: 6 }, (_, i) => ({ name: `p${i}.png`, bytes: PNG })) }), 413, 'files.5')
    // Nothing of the refused ones reached the case.
    expect((await caseOf(sub.id)).item.status).toBe('awaitingAmendment')
  })

  it('refuses a 补正 when none was requested', async () => {
    const sub = await submitApplication(app)
    expect((await act(sub.id, { type: 'register', channel: 'online' })).statusCode).toBe(200)
    const r = await send(sub.trackingCode, await amendment({ proof: { token: sub.statusToken } }))
    expect(r.statusCode).toBe(409)
  })

  it('attaches answer documents (sniffed, limited, idempotent) and delivers them and the 告知书 as downloads once answered', async () => {
    const sub = await submitApplication(app)
    expect((await act(sub.id, { type: 'register', channel: 'online' })).statusCode).toBe(200)
    const attach = (payload: object) => app.inject({ method: 'POST', url: `/api/staff/applications/${sub.id}/files`, headers: rev.headers, payload })
    const fileId = randomUUID()
    // Named .exe, but its bytes are a PDF: stored and served as a PDF.
    const up = await attach({ id: fileId, name: '../../公开信息.pdf', data: Buffer.from(PDF).toString('base64') })
    expect(up.statusCode, up.body).toBe(201)
    expect(up.json()).toMatchObject({ id: fileId, name: '公开信息.pdf', contentType: 'application/pdf', size: PDF.length })
    expect((await attach({ id: fileId, name: '公开信息.pdf', data: Buffer.from(PDF).toString('base64') })).statusCode).toBe(200)
    expect((await attach({ id: fileId, name: '公开信息.pdf', data: Buffer.from(PNG).toString('base64') })).statusCode).toBe(409)
    const html = await attach({ id: randomUUID(), name: 'page.pdf', data: Buffer.from(HTML).toString('base64') })
    expect(html.statusCode).toBe(415)
    expect(html.json().error).toMatchObject({ code: 'unsupported_media_type', field: 'data' })
    const big = await attach({ id: randomUUID(), name: 'big.pdf', data: Buffer.from(new Uint8Array(10 * 1024 * 1024 + 1).fill(0x25)).toString('base64') })
    expect(big.statusCode).toBe(413)
    expect((await attach({ id: randomUUID(), name: 'x.pdf', data: '***' })).statusCode).toBe(400)
    // A file removed before the answer is gone.
    const extra = randomUUID()
    expect((await attach({ id: extra, name: 'x.png', data: Buffer.from(PNG).toString('base64') })).statusCode).toBe(201)
    expect((await app.inject({ method: 'DELETE', url: `/api/staff/applications/${sub.id}/files/${extra}`, headers: rev.headers })).statusCode).toBe(204)

    // Nothing is delivered before the answer.
    const code = sub.trackingCode
    expect((await app.inject(`/api/applications/track/${code}/files/${fileId}?token=${sub.statusToken}`)).statusCode).toBe(404)
    expect((await app.inject(`/api/applications/track/${code}/letter?token=${sub.statusToken}`)).statusCode).toBe(404)
    expect((await app.inject({ method: 'POST', url: `/api/staff/applications/${sub.id}/mailing`, headers: rev.headers, payload: { number: 'EMS1234567' } })).statusCode).toBe(409)

    expect((await act(sub.id, { type: 'answer', outcome: 'partial', letter: '经审查，部分公开，相关信息见附件。' })).statusCode).toBe(200)
    expect((await attach({ id: randomUUID(), name: 'late.pdf', data: Buffer.from(PDF).toString('base64') })).statusCode).toBe(409)
    expect((await app.inject({ method: 'DELETE', url: `/api/staff/applications/${sub.id}/files/${fileId}`, headers: rev.headers })).statusCode).toBe(409)

    const t = (await app.inject(`/api/applications/track/${code}?token=${sub.statusToken}`)).json() as TrackApplicationResponse
    expect(t.delivery).toMatchObject({ documents: [{ id: fileId, name: '公开信息.pdf', contentType: 'application/pdf' }], letter: true, mailingNumber: null })
    const batch = (await app.inject({ method: 'POST', url: '/api/applications/status', payload: { items: [{ code, token: sub.statusToken }] } })).json()
    expect(batch.items[0].delivery.documents).toHaveLength(1)

    const dl = await app.inject(`/api/applications/track/${code}/files/${fileId}?token=${sub.statusToken}`)
    expect(dl.statusCode).toBe(200)
    expect(dl.headers['content-type']).toBe('application/pdf')
    expect(dl.headers['content-disposition']).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''%E5%85%AC/)
    expect(dl.headers['x-content-type-options']).toBe('nosniff')
    expect(dl.headers['content-security-policy']).toContain('sandbox')
    expect(new Uint8Array(dl.rawPayload)).toEqual(PDF)
    // The phone digits work too; a wrong token, a wrong code, another case's file do not.
    expect((await app.inject(`/api/applications/track/${code}/files/${fileId}?phone4=8000`)).statusCode).toBe(200)
    expect((await app.inject(`/api/applications/track/${code}/files/${fileId}?token=${'y'.repeat(43)}`)).statusCode).toBe(404)
    expect((await app.inject(`/api/applications/track/GK-0000-0000-0000/files/${fileId}?token=${sub.statusToken}`)).statusCode).toBe(404)
    expect((await app.inject(`/api/applications/track/${code}/files/${randomUUID()}?token=${sub.statusToken}`)).statusCode).toBe(404)

    const letter = await app.inject(`/api/applications/track/${code}/letter?token=${sub.statusToken}`)
    expect(letter.statusCode).toBe(200)
    expect(letter.headers['content-disposition']).toMatch(/^attachment;/)
    expect(letter.headers['x-content-type-options']).toBe('nosniff')
    expect(letter.body).toBe('经审查，部分公开，相关信息见附件。')

    // Paper delivery: the mailing number reaches the tracking page.
    expect((await app.inject({ method: 'POST', url: `/api/staff/applications/${sub.id}/mailing`, headers: rev.headers, payload: { number: 'no spaces!' } })).statusCode).toBe(400)
    const mailed = await app.inject({ method: 'POST', url: `/api/staff/applications/${sub.id}/mailing`, headers: rev.headers, payload: { number: 'EMS1234567' } })
    expect(mailed.statusCode, mailed.body).toBe(200)
    expect(((await app.inject(`/api/applications/track/${code}?token=${sub.statusToken}`)).json() as TrackApplicationResponse).delivery?.mailingNumber).toBe('EMS1234567')
  })

  it('answers 404 for a case that does not exist', async () => {
    const id = randomUUID()
    expect((await app.inject({ url: `/api/staff/applications/${id}/files`, headers: rev.headers })).statusCode).toBe(404)
    expect((await app.inject({ method: 'POST', url: `/api/staff/applications/${id}/files`, headers: rev.headers, payload: { id: randomUUID(), name: 'a.pdf', data: Buffer.from(PDF).toString('base64') } })).statusCode).toBe(404)
  })
})
