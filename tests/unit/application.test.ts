import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  applicantColumn,
  isValidResidentId,
  isValidUscc,
  maskIdNumber,
  maskPhone,
  normalizeMobile,
  validateApplication,
} from '~/shared/application'

// The example numbers printed in GB 11643 and commonly cited for GB 32100.
const RESIDENT_ID = '11010519491231002X'
const USCC = '91350100M000100Y43'

function natural(overrides: { personal?: object, general?: object } = {}) {
  return {
    v: 1,
    personal: { name: '张三', idNumber: RESIDENT_ID, phone: '13812345678', address: '北京市西城区某街1号', email: null, ...overrides.personal },
    general: {
      applicantType: 'natural',
      idType: 'residentId',
      description: '请公开本区2024年老旧小区改造项目的资金使用情况。',
      catalogRefs: [{ indexNo: '11320000014000XXXX/2024-00123', docNo: null, title: '老旧小区改造计划' }],
      delivery: { form: 'paper', way: 'post' },
      channel: 'inPerson',
      deviceSubmittedAt: '2025-01-20T09:30:00+08:00',
      ...overrides.general,
    },
  }
}

function org(overrides: { personal?: object, general?: object } = {}) {
  return natural({
    personal: { name: '某某律师事务所', idNumber: USCC, contactName: '李四', ...overrides.personal },
    general: { applicantType: 'organization', orgSubtype: 'legalService', idType: 'uscc', ...overrides.general },
  })
}

function fieldsOf(input: unknown) {
  const r = validateApplication(input)
  return r.ok ? [] : r.errors.map(e => `${e.field}:${e.code}`)
}

describe('identity numbers', () => {
  it.each([
    [RESIDENT_ID, true],
    ['11010519491231002x', true],
    ['440524188001010014', true],
    ['110105194912310021', false], // wrong check digit
    ['11010519491331002X', false], // month 13
    ['11010519490230002X', false], // 30 February
    ['01010519491231002X', false], // no region starts with 0
    ['1101051949123100', false],
    [110105194912310020, false],
    [null, false],
  ])('isValidResidentId(%j) = %s', (id, ok) => {
    expect(isValidResidentId(id)).toBe(ok)
  })

  it.each([
    [USCC, true],
    ['91350100m000100y43', true],
    ['91350100M000100Y44', false], // check character
    ['91350100M000100Y4I', false], // I is not in the alphabet
    ['91350100M000100Y4', false],
    ['9135010OM000100Y43', false], // letter O in the region code
    [{}, false],
  ])('isValidUscc(%j) = %s', (code, ok) => {
    expect(isValidUscc(code)).toBe(ok)
  })

  it.each([
    [RESIDENT_ID, '110***********002X'],
    ['E12345678', 'E******78'],
    ['ABCD', '****'],
    ['', ''],
  ])('maskIdNumber(%s) = %s', (id, masked) => {
    expect(maskIdNumber(id)).toBe(masked)
  })

  it.each([
    ['13812345678', '138********'],
    ['123', '***'],
  ])('maskPhone(%s) = %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked)
  })

  it.each([
    ['13812345678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['0086-138-1234-5678', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['12812345678', null],
    ['1381234567', null],
    ['010-12345678', null],
  ])('normalizeMobile(%s) = %s', (input, expected) => {
    expect(normalizeMobile(input)).toBe(expected)
  })
})

describe('validateApplication: valid applications', () => {
  it('accepts a natural person and normalises the value', () => {
    const r = validateApplication(natural({ personal: { name: '  张三 ', phone: '+86 138-1234-5678', idNumber: '11010519491231002x' } }))
    expect(r.ok).toBe(true)
    if (!r.ok)
      return
    expect(r.value.personal).toEqual({ name: '张三', idNumber: RESIDENT_ID, phone: '13812345678', address: '北京市西城区某街1号', email: null, contactName: null })
    expect(r.value.general).toMatchObject({ applicantType: 'natural', orgSubtype: null, idType: 'residentId', channel: 'inPerson', feeWaiverNote: null })
  })

  it('accepts an organisation with a sub-type', () => {
    const r = validateApplication(org({ general: { delivery: { form: 'electronic', way: 'online' } } }))
    expect(r.ok && r.value.general.orgSubtype).toBe('legalService')
    expect(r.ok && r.value.personal.contactName).toBe('李四')
  })

  it('drops a stale organisation sub-type for a natural person', () => {
    const r = validateApplication(natural({ general: { orgSubtype: 'commercial' } }))
    expect(r.ok && r.value.general.orgSubtype).toBe(null)
  })

  it('returns a fresh object, not the input', () => {
    const input = natural()
    const r = validateApplication(input)
    expect(r.ok && r.value.personal).not.toBe(input.personal)
  })

  it('lets a draft leave out the submission time when told to', () => {
    expect(validateApplication(natural({ general: { deviceSubmittedAt: null } }), { requireSubmittedAt: false }).ok).toBe(true)
    expect(fieldsOf(natural({ general: { deviceSubmittedAt: null } }))).toEqual(['general.deviceSubmittedAt:required'])
  })

  it.each([
    ['passport', 'E12345678'],
    ['hkMacauPermit', 'H12345678'],
    ['hkMacauPermit', 'm1234567801'],
    ['other', '军官证 第123号'],
  ])('accepts idType %s with %s', (idType, idNumber) => {
    expect(fieldsOf(natural({ general: { idType }, personal: { idNumber } }))).toEqual([])
  })
})

describe('validateApplication: per-field errors', () => {
  it.each<[string, unknown, string[]]>([
    ['no name', natural({ personal: { name: '   ' } }), ['personal.name:required']],
    ['bad resident id', natural({ personal: { idNumber: '110105194912310021' } }), ['personal.idNumber:idChecksum']],
    ['short resident id', natural({ personal: { idNumber: '110105' } }), ['personal.idNumber:idLength']],
    ['bad USCC', org({ personal: { idNumber: '91350100M000100Y44' } }), ['personal.idNumber:idChecksum']],
    ['organisation with a resident id', org({ general: { idType: 'residentId' }, personal: { idNumber: RESIDENT_ID } }), ['general.idType:idTypeMismatch']],
    ['natural person with a USCC', natural({ general: { idType: 'uscc' }, personal: { idNumber: USCC } }), ['general.idType:idTypeMismatch']],
    ['organisation without a sub-type', org({ general: { orgSubtype: undefined } }), ['general.orgSubtype:required']],
    ['unknown applicant type', natural({ general: { applicantType: 'alien' } }), ['general.applicantType:invalidChoice']],
    ['a landline without its area code (Art. 29: reachable)', natural({ personal: { phone: '12345678' } }), ['personal.phone:phoneFormat']],
    ['no contact at all (Art. 29)', natural({ personal: { phone: '', address: null, email: null }, general: { delivery: { form: 'paper', way: 'collect' } } }), ['personal.phone:contactRequired']],
    ['查阅 by post (Art. 40: at the agency)', natural({ general: { delivery: { form: 'inspect', way: 'post' } } }), ['general.delivery.way:wayMismatch']],
    ['SMS to a landline', natural({ personal: { phone: '010-12345678' }, general: { notify: { channels: ['sms'], lang: 'zh-CN' } } }), ['personal.phone:requiredForSms']],
    ['post without an address', natural({ personal: { address: '' } }), ['personal.address:requiredForPost']],
    ['e-mail without an address', natural({ general: { delivery: { form: 'electronic', way: 'email' } } }), ['personal.email:requiredForEmail']],
    ['bad e-mail', natural({ personal: { email: 'zhang@' } }), ['personal.email:emailFormat']],
    ['paper by e-mail', natural({ personal: { email: 'a@b.cn' }, general: { delivery: { form: 'paper', way: 'email' } } }), ['general.delivery.way:wayMismatch']],
    ['no delivery', natural({ general: { delivery: null } }), ['general.delivery.form:required', 'general.delivery.way:required']],
    ['description too short', natural({ general: { description: '文件' } }), ['general.description:tooShort']],
    ['description missing', natural({ general: { description: undefined } }), ['general.description:required']],
    ['description too long', natural({ general: { description: '字'.repeat(2001) } }), ['general.description:tooLong']],
    ['empty catalog ref', natural({ general: { catalogRefs: [{}] } }), ['general.catalogRefs.0:emptyRef']],
    ['catalog refs not a list', natural({ general: { catalogRefs: 'abc' } }), ['general.catalogRefs:type']],
    ['too many catalog refs', natural({ general: { catalogRefs: Array.from({ length: 21 }, () => ({ title: 'x' })) } }), ['general.catalogRefs:tooMany']],
    ['unknown channel', natural({ general: { channel: 'pigeon' } }), ['general.channel:invalidChoice']],
    ['submission time without offset', natural({ general: { deviceSubmittedAt: '2025-01-20T09:30:00' } }), ['general.deviceSubmittedAt:instantFormat']],
    ['name with a newline', natural({ personal: { name: '张\n三' } }), ['personal.name:invalidChars']],
    ['name with a NUL', natural({ personal: { name: '张\u0000三' } }), ['personal.name:invalidChars']],
    ['unsupported version', { ...natural(), v: 2 }, ['v:version']],
  ])('%s', (_, input, expected) => {
    expect(fieldsOf(input)).toEqual(expected)
  })

  it('every error has a Chinese and an English message', () => {
    const r = validateApplication({ personal: {}, general: {} })
    expect(r.ok).toBe(false)
    if (r.ok)
      return
    expect(r.errors.length).toBeGreaterThan(5)
    for (const e of r.errors) {
      expect(e.message).toMatch(/[\u4E00-\u9FFF]/)
      expect(e.messageEn).toMatch(/[a-z]/i)
    }
  })
})

describe('validateApplication: hostile input never throws', () => {
  const throwing = new Proxy({}, {
    getOwnPropertyDescriptor() {
      throw new Error('boom')
    },
  })
  const withGetter = natural()
  Object.defineProperty(withGetter.personal, 'name', {
    get() {
      throw new Error('getter ran')
    },
    enumerable: true,
  })
  const deep: Record<string, unknown> = {}
  let cursor = deep
  for (let i = 0; i < 10_000; i++) {
    cursor.personal = {}
    cursor = cursor.personal as Record<string, unknown>
  }

  it.each<[string, unknown, string]>([
    ['undefined', undefined, ''],
    ['a string', 'hello', ''],
    ['an array', [1, 2, 3], ''],
    ['a number', 42, ''],
    ['a proxy that throws', throwing, ''],
    ['personal as an array', { personal: [], general: {} }, 'personal'],
    ['deep nesting', deep, 'general'],
    ['a getter is not run', withGetter, 'personal.name'],
    ['wrong types everywhere', { personal: { name: 1, idNumber: {}, phone: [] }, general: { applicantType: 7, description: { toString: () => 'x' } } }, 'personal.name'],
    ['a huge string', natural({ personal: { name: 'x'.repeat(5_000_000) } }), 'personal.name'],
    ['prototype keys', JSON.parse('{"personal":{"__proto__":{"name":"x"}},"general":{"constructor":1}}'), 'personal.name'],
  ])('%s', (_, input, field) => {
    const r = validateApplication(input)
    expect(r.ok).toBe(false)
    if (!r.ok)
      expect(r.errors.map(e => e.field)).toContain(field)
  })
})

describe('applicant columns', () => {
  it.each([
    ['natural', null, 'natural'],
    ['organization', 'commercial', 'commercial'],
    ['organization', 'research', 'research'],
    ['organization', 'publicInterest', 'publicInterest'],
    ['organization', 'legalService', 'legalService'],
    ['organization', 'other', 'otherOrg'],
  ] as const)('%s/%s → %s', (type, sub, col) => {
    expect(applicantColumn(type, sub)).toBe(col)
  })
})

// Generous time limits: the machine is shared, and these assert behaviour, never speed.
describe('validateApplication on arbitrary input', () => {
  it('never throws and always answers ok or errors', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withObjectString: true, maxDepth: 4 }), (input) => {
      const r = validateApplication(input)
      expect(r.ok ? r.value : r.errors.length > 0).toBeTruthy()
    }), { numRuns: 200 })
  }, 60_000)

  it('never throws on applications with random values in known fields', () => {
    const value = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.integer(), fc.constant(null), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 3 }))
    fc.assert(fc.property(fc.record({ name: value, idNumber: value, phone: value, address: value, email: value }), fc.record({ applicantType: value, idType: value, description: value, catalogRefs: value, delivery: value, channel: value }), (personal, general) => {
      const r = validateApplication(natural({ personal, general }))
      expect(typeof r.ok).toBe('boolean')
    }), { numRuns: 50 })
  }, 60_000)
})
