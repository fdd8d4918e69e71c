// Identity numbers and phone numbers: checksums and masking. The checks catch typing mistakes at the
// kiosk; they do not prove an identity. GB 11643 (居民身份证号码) ends in an ISO 7064 MOD 11-2 check
// character; GB 32100 (统一社会信用代码) ends in a MOD 31 check character over its own 31-letter alphabet.

const RESIDENT_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const RESIDENT_CHECK = '10X98765432'

/** Full-width ASCII (as typed by some Chinese IMEs) to half-width, e.g. '１２３Ｘ' → '123X'. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, ch => String.fromCharCode(ch.charCodeAt(0) - 0xFEE0)).replace(/\u3000/g, ' ')
}

/** True if `id` is an 18-character 居民身份证 number with a real birth date and a correct GB 11643 check character. */
export function isValidResidentId(id: unknown): boolean {
  if (typeof id !== 'string' || id.length !== 18)
    return false
  const s = id.toUpperCase()
  if (!/^[1-9]\d{16}[\dX]$/.test(s))
    return false
  const y = Number(s.slice(6, 10))
  const m = Number(s.slice(10, 12))
  const d = Number(s.slice(12, 14))
  if (y < 1800 || m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate())
    return false
  let sum = 0
  for (let i = 0; i < 17; i++)
    sum += Number(s[i]) * RESIDENT_WEIGHTS[i]!
  return s[17] === RESIDENT_CHECK[sum % 11]
}

// GB 32100: digits and capital letters without I, O, S, V, Z.
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const

/** True if `code` is an 18-character 统一社会信用代码 with a correct GB 32100 check character. */
export function isValidUscc(code: unknown): boolean {
  if (typeof code !== 'string' || code.length !== 18)
    return false
  const s = code.toUpperCase()
  // registration authority, organisation type, then a six-digit administrative region code
  if (!/^[1-9A-HJ-NP-RTUWXY][1-9A-HJ-NP-RTUWXY]\d{6}[0-9A-HJ-NP-RTUWXY]{10}$/.test(s))
    return false
  let sum = 0
  for (let i = 0; i < 17; i++)
    sum += USCC_ALPHABET.indexOf(s[i]!) * USCC_WEIGHTS[i]!
  const check = (31 - (sum % 31)) % 31
  return s[17] === USCC_ALPHABET[check]
}

/** Masks an identity number for display: first 3 and last 4 kept ('110***********002X'); short ones keep less. */
export function maskIdNumber(id: string): string {
  const chars = [...id]
  const n = chars.length
  if (n === 0)
    return ''
  const [head, tail] = n >= 10 ? [3, 4] : n >= 5 ? [1, 2] : [0, 0]
  return chars.slice(0, head).join('') + '*'.repeat(n - head - tail) + chars.slice(n - tail).join('')
}

/**
 * Masks a mobile number for staff lists: '138********'. The last four digits stay hidden because
 * they are the applicant's tracking factor (a staff screen or a leaked row must not hand it out).
 */
export function maskPhone(phone: string): string {
  const digits = [...phone]
  if (digits.length < 7)
    return '*'.repeat(digits.length)
  return digits.slice(0, 3).join('') + '*'.repeat(digits.length - 3)
}

/** A mainland mobile number normalised to 11 digits (spaces, dashes and a +86 prefix removed), or null. */
export function normalizeMobile(input: string): string | null {
  const s = toHalfWidth(input).replace(/[\s\-()]/g, '').replace(/^(?:\+86|0086|86)(?=1\d{10}$)/, '')
  return /^1[3-9]\d{9}$/.test(s) ? s : null
}
