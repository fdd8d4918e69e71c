import { describe, expect, it } from 'vitest'
import {
  fromBase64Url,
  generateAgencyKey,
  importAgencyPrivateKey,
  isUuidV7,
  normaliseTrackingCode,
  openSealed,
  SealError,
  sealJson,
  submissionDates,
  toBase64Url,
  trackingCodeFor,
  uuidv7,
  uuidv7Time,
} from '~/shared/submission'

describe('sealing personal data (WebCrypto, ECDH P-256 + HKDF + AES-GCM)', () => {
  const personal = { name: '张三', idNumber: '11010519491231002X', phone: '13800138000', address: '北京市东城区某街1号' }

  it('round-trips through the agency key and hides the plaintext', async () => {
    const { privateJwk, publicKey } = await generateAgencyKey()
    const box = await sealJson(publicKey, personal, 'app-1')
    expect(box.kid).toBe(publicKey.kid)
    const raw = JSON.stringify(box)
    for (const v of Object.values(personal))
      expect(raw).not.toContain(v)
    expect(await openSealed(await importAgencyPrivateKey(privateJwk), box, 'app-1')).toEqual(personal)
  })

  it('every box uses a fresh ephemeral key and iv', async () => {
    const { publicKey } = await generateAgencyKey()
    const a = await sealJson(publicKey, personal, 'x')
    const b = await sealJson(publicKey, personal, 'x')
    expect(a.epk).not.toEqual(b.epk)
    expect(a.ct).not.toBe(b.ct)
  })

  it.each([
    ['another application id (AAD)', async (box: any) => box, 'app-2'],
    ['a flipped ciphertext bit', async (box: any) => ({ ...box, ct: flip(box.ct) }), 'app-1'],
    ['another ephemeral key', async (box: any, pub: any) => ({ ...box, epk: (await sealJson(pub, {}, 'z')).epk }), 'app-1'],
  ])('refuses %s', async (_name, tamper, aad) => {
    const { privateJwk, publicKey } = await generateAgencyKey()
    const box = await tamper(await sealJson(publicKey, personal, 'app-1'), publicKey)
    await expect(openSealed(await importAgencyPrivateKey(privateJwk), box, aad)).rejects.toMatchObject({ reason: 'undecryptable' })
  })

  it('refuses a box sealed to another agency key', async () => {
    const mine = await generateAgencyKey()
    const other = await generateAgencyKey()
    const box = await sealJson(other.publicKey, personal, 'a')
    await expect(openSealed(await importAgencyPrivateKey(mine.privateJwk), box, 'a')).rejects.toBeInstanceOf(SealError)
  })

  it('refuses malformed boxes before any crypto', async () => {
    const { privateJwk } = await generateAgencyKey()
    const key = await importAgencyPrivateKey(privateJwk)
    for (const bad of [null, 'x', {}, { v: 1, alg: 'none' }, { v: 1, alg: 'ECDH-ES+HKDF-SHA256+A256GCM', kid: 'k', epk: { x: '!', y: 'a' }, iv: 'a', ct: 'a' }])
      await expect(openSealed(key, bad, 'a')).rejects.toMatchObject({ reason: 'malformed' })
  })
})

function flip(b64: string): string {
  const bytes = fromBase64Url(b64)
  bytes[0]! ^= 1
  return toBase64Url(bytes)
}

describe('ids and tracking codes', () => {
  it('makes time-ordered UUIDv7s', () => {
    const a = uuidv7(1_700_000_000_000)
    const b = uuidv7(1_700_000_000_001)
    expect(isUuidV7(a)).toBe(true)
    expect(a < b).toBe(true)
    expect(uuidv7Time(a)).toBe(1_700_000_000_000)
    expect(isUuidV7('01890a5d-ac96-4b1c-8e9b-1234567890ab')).toBe(false)
  })

  it('derives a stable, readable tracking code from the id', () => {
    const id = uuidv7()
    const code = trackingCodeFor(id)
    expect(code).toMatch(/^GK-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/)
    expect(trackingCodeFor(id)).toBe(code)
    expect(trackingCodeFor(uuidv7())).not.toBe(code)
  })

  it('normalises what a person types', () => {
    const code = trackingCodeFor(uuidv7())
    expect(normaliseTrackingCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code)
    expect(normaliseTrackingCode('GK-OOOO-IIII-LLLL')).toBe('GK-0000-1111-1111')
    expect(normaliseTrackingCode('GK-123')).toBeNull()
  })
})

describe('receipt dates (Art. 31)', () => {
  it('in person: received the day it is submitted, answer due 20 working days later', () => {
    const d = submissionDates({ channel: 'inPerson', deviceSubmittedAt: '2025-01-20T09:30:00+08:00' })
    expect(d).toEqual({ receivedOn: '2025-01-20', dueDate: '2025-02-21', dueDateProvisional: false })
  })

  it('on-line: not received until the server accepts it', () => {
    expect(submissionDates({ channel: 'online', deviceSubmittedAt: '2025-01-17T23:00:00+08:00' }).receivedOn).toBeNull()
    const d = submissionDates({ channel: 'online', deviceSubmittedAt: '2025-01-17T23:00:00+08:00', serverReceivedAt: '2025-01-20T01:00:00Z' })
    expect(d.receivedOn).toBe('2025-01-20')
    expect(d.dueDate).toBe('2025-02-21')
  })
})
