// Contact rules of 条例 Art. 29 (any one reachable contact) and the delivery forms of Art. 40.
import type { PhoneKind } from '~/shared/application'
import { describe, expect, it } from 'vitest'
import { normalizePhone, phoneLast4, validateApplication } from '~/shared/application'

const RESIDENT_ID = '11010519491231002X'
function apply(personal: Record<string, unknown>, delivery = { form: 'paper', way: 'collect' }) {
  return validateApplication({
    v: 1,
    personal: { name: '张三', idNumber: RESIDENT_ID, phone: '', address: null, email: null, ...personal },
    general: { applicantType: 'natural', orgSubtype: null, idType: 'residentId', description: '本机关2025年财政预算', catalogRefs: [], delivery, feeWaiverNote: null, channel: 'online', deviceSubmittedAt: '2026-03-02T09:00:00+08:00' },
  })
}

describe('normalizePhone: every reachable number (Art. 29)', () => {
  it.each<[string, PhoneKind, string]>([
    ['13812345678', 'mobile', '13812345678'],
    ['+86 138 1234 5678', 'mobile', '13812345678'],
    ['１３８１２３４５６７８', 'mobile', '13812345678'],
    ['010-12345678', 'landline', '010-12345678'],
    ['(0731) 4241600', 'landline', '0731-4241600'],
    ['+86 21 6234 5678', 'landline', '021-62345678'],
    ['0731-4241600 转808', 'landline', '0731-4241600 转808'],
    ['023-85276112 ext. 12', 'landline', '023-85276112 转12'],
    ['+852 9123 4567', 'hongKong', '+852 91234567'],
    ['00853 6612 3456', 'macao', '+853 66123456'],
    ['+886 912 345 678', 'taiwan', '+886 912345678'],
    ['+886 (02) 2345 6789', 'taiwan', '+886 223456789'],
    ['+44 20 7123 4567', 'international', '+442071234567'],
    ['+1 (415) 555-0100', 'international', '+14155550100'],
  ])('%s → %s %s', (input, kind, value) => {
    expect(normalizePhone(input)).toEqual({ kind, value })
  })

  it.each([
    ['4241600', 'a landline without its area code'],
    ['1381234567', 'ten digits'],
    ['+852 1234', 'too short for Hong Kong'],
    ['+1234567', 'too short for any country'],
    ['+1234567890123456', 'longer than E.164'],
    ['电话', 'no digits'],
    ['13812345678 转1', 'a mobile has no extension'],
  ])('refuses %s (%s)', (input) => {
    expect(normalizePhone(input)).toBeNull()
  })

  it('tracks by the last four digits of the number, not of the extension', () => {
    expect(phoneLast4('0731-4241600 转808')).toBe('1600')
    expect(phoneLast4('+852 91234567')).toBe('4567')
  })
})

describe('validateApplication: one contact is enough (Art. 29)', () => {
  it.each<[string, Record<string, unknown>]>([
    ['a mainland mobile only', { phone: '13812345678' }],
    ['a landline only', { phone: '010-12345678' }],
    ['a Hong Kong number only', { phone: '+852 91234567' }],
    ['an international number only', { phone: '+44 20 7123 4567' }],
    ['an e-mail only', { email: 'zhang@example.cn' }],
    ['a postal address only', { address: '湖南省津市市某路1号' }],
  ])('accepts %s', (_, personal) => {
    const r = apply(personal)
    expect(r.ok, JSON.stringify(r)).toBe(true)
  })

  it('refuses an application with no way to reach the applicant, naming the phone field', () => {
    const r = apply({})
    expect(r.ok).toBe(false)
    expect(!r.ok && r.errors.map(e => `${e.field}:${e.code}`)).toEqual(['personal.phone:contactRequired'])
  })

  it('stores no phone when none is given', () => {
    const r = apply({ email: 'zhang@example.cn' })
    expect(r.ok && r.value.personal.phone).toBeNull()
  })
})

describe('delivery forms (Art. 40: 查阅, 抄录)', () => {
  it.each(['inspect', 'transcribe'])('%s is done in person at the agency', (form) => {
    expect(apply({ phone: '13812345678' }, { form, way: 'collect' }).ok).toBe(true)
    const r = apply({ phone: '13812345678', address: '某地' }, { form, way: 'post' })
    expect(!r.ok && r.errors.map(e => `${e.field}:${e.code}`)).toEqual(['general.delivery.way:wayMismatch'])
  })
})
