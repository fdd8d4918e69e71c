/**
 * Text normalisation shared by the index, its queries and the test oracle.
 *
 * The mapping is one UTF-16 code unit to one code unit, on purpose: an offset in normalised text is
 * the same offset in the original, so highlight ranges need no translation table. It folds
 * full-width ASCII to half-width, Latin to lower case, every whitespace or control character to a
 * space (which is never indexed and always splits a query), and every kind of bracket a 文号 is
 * written with (〔〕 【】 [] () （） 〖〗 ［］) to `[` `]`, so `国办发〔2017〕24号`, `国办发[2017]24号`
 * and `国办发（2017）24号` are one and the same string.
 */

const OPEN = '〔【〖［[(（'
const CLOSE = '〕】〗］])）'

/** Normalises one UTF-16 code unit. */
export function normCode(c: number): number {
  if (c >= 0xFF01 && c <= 0xFF5E)
    c -= 0xFEE0
  if (c >= 0x41 && c <= 0x5A)
    return c + 32
  if (c < 0x21 || c === 0x7F || c === 0x3000 || c === 0xA0 || c === 0xFEFF || (c >= 0x2000 && c <= 0x200B) || c === 0x2028 || c === 0x2029)
    return 0x20
  if (c < 0x80) {
    if (c === 0x28)
      return 0x5B
    if (c === 0x29)
      return 0x5D
    return c
  }
  if (OPEN.includes(String.fromCharCode(c)))
    return 0x5B
  if (CLOSE.includes(String.fromCharCode(c)))
    return 0x5D
  return c
}

// A lookup table for the Basic Multilingual Plane: normalisation runs over every character of
// 100,000 entries at build time, and a table read is far cheaper than the branches above.
const TABLE = new Uint16Array(0x10000)
for (let c = 0; c < 0x10000; c++)
  TABLE[c] = normCode(c)

/** Normalises a string; the result has the same length as the input. */
export function normalizeText(s: string): string {
  let out = ''
  let changed = false
  const codes = new Uint16Array(s.length)
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    const n = TABLE[c]!
    if (n !== c)
      changed = true
    codes[i] = n
  }
  if (!changed)
    return s
  // Chunked so that very long texts do not overflow the argument limit of fromCharCode.
  for (let i = 0; i < codes.length; i += 8192)
    out += String.fromCharCode(...codes.subarray(i, i + 8192))
  return out
}

/**
 * Normalises several fields into ONE freshly built string, `sep` between them. Freshly built
 * matters: a string made by `+` is a rope in V8, and substring tests on ropes stored for the
 * index's lifetime were several times slower than on flat strings.
 */
export function normalizeJoined(parts: readonly string[], sep: string): string {
  let length = 0
  for (const p of parts)
    length += p.length
  const codes = new Uint16Array(length + Math.max(0, parts.length - 1) * sep.length)
  let j = 0
  parts.forEach((p, k) => {
    if (k > 0) {
      for (let i = 0; i < sep.length; i++)
        codes[j++] = sep.charCodeAt(i)
    }
    for (let i = 0; i < p.length; i++)
      codes[j++] = TABLE[p.charCodeAt(i)]!
  })
  let out = ''
  for (let i = 0; i < codes.length; i += 8192)
    out += String.fromCharCode(...codes.subarray(i, i + 8192))
  return out
}

/** Splits a query into its normalised, distinct, non-empty terms (whitespace separates terms). */
export function queryTerms(query: string): string[] {
  const terms = normalizeText(query).split(' ').filter(t => t.length > 0)
  return [...new Set(terms)]
}

/** A term made only of Latin letters is also looked up in title pinyin. */
export function isPinyinTerm(term: string): boolean {
  return /^[a-z]+$/.test(term)
}
