/**
 * Contact details under 条例 Art. 29: the applicant gives "联系方式" — any one way the agency can
 * reach them. A telephone (mainland mobile or landline, Hong Kong +852, Macao +853, Taiwan +886,
 * or any international number), an e-mail address or a postal address each suffices; none is
 * compulsory on its own. Numbers are stored normalised so that the tracking factor (the last four
 * digits) and SMS (mainland mobiles only) read them the same way on every device.
 */
import { toHalfWidth } from './ids'

/** The kinds of telephone number the form accepts. */
export const PHONE_KINDS = {
  mobile: { zh: '手机', en: 'Mainland mobile' },
  landline: { zh: '固定电话', en: 'Mainland landline' },
  hongKong: { zh: '香港电话', en: 'Hong Kong' },
  macao: { zh: '澳门电话', en: 'Macao' },
  taiwan: { zh: '台湾电话', en: 'Taiwan' },
  international: { zh: '国际电话', en: 'International' },
} as const
export type PhoneKind = keyof typeof PHONE_KINDS

/** A normalised number: '13812345678', '010-12345678', '0731-1234567 转808', '+852 91234567', '+442071234567'. */
export interface Phone { kind: PhoneKind, value: string }

/**
 * Reads a telephone number as typed (full-width digits, spaces, dashes, brackets, 00 for +),
 * or null when it is none of the accepted kinds. A landline needs its area code: without it the
 * agency cannot tell which city to dial.
 */
export function normalizePhone(input: string): Phone | null {
  const raw = toHalfWidth(input).trim()
  // An extension: 转 / ext / x / # after the number.
  const ext = /^([^转x#]*?)(?:[转x#]|ext\.?)\s*(\d{1,6})$/i.exec(raw)
  const main = (ext ? ext[1]! : raw).replace(/[\s\-().]/g, '').replace(/^00/, '+')
  const tail = ext ? ` 转${ext[2]}` : ''
  // +86 drops the trunk 0 of an area code: +86 21 … is 021-….
  const national = main.startsWith('+86') ? main.slice(3).replace(/^(?=[2-9])/, '0') : main
  if (!main.startsWith('+') || main.startsWith('+86')) {
    if (!ext && /^1[3-9]\d{9}$/.test(national))
      return { kind: 'mobile', value: national }
    // Area codes: 010, 02x (3 digits), else 0 + 3 digits; local numbers 7 or 8 digits.
    const land = /^(0(?:10|2\d|[3-9]\d{2}))(\d{7,8})$/.exec(national)
    if (land)
      return { kind: 'landline', value: `${land[1]}-${land[2]}${tail}` }
    return null
  }
  if (!/^\+\d+$/.test(main))
    return null
  const digits = main.slice(1)
  if (main.startsWith('+852'))
    return /^\d{8}$/.test(main.slice(4)) ? { kind: 'hongKong', value: `+852 ${main.slice(4)}${tail}` } : null
  if (main.startsWith('+853'))
    return /^\d{8}$/.test(main.slice(4)) ? { kind: 'macao', value: `+853 ${main.slice(4)}${tail}` } : null
  if (main.startsWith('+886')) {
    const n = main.slice(4).replace(/^0/, '')
    return /^\d{8,9}$/.test(n) ? { kind: 'taiwan', value: `+886 ${n}${tail}` } : null
  }
  // E.164: at most 15 digits with the country code; shorter than 8 is no one's full number.
  if (digits.length < 8 || digits.length > 15)
    return null
  return { kind: 'international', value: `+${digits}${tail}` }
}

/** True for a number an SMS gateway in the mainland can text (notifications by SMS). */
export function isMainlandMobile(phone: string | null): boolean {
  return phone !== null && /^1[3-9]\d{9}$/.test(phone)
}

/** The last four digits of the number itself (not the extension): the applicant's tracking factor. */
export function phoneLast4(phone: string): string {
  return phone.split(' 转')[0]!.replace(/\D/g, '').slice(-4)
}
