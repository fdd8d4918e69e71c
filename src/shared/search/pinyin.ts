/**
 * Title pinyin, for kiosks without a Chinese input method: `zhengfuxinxigongkai` (full pinyin) and
 * `zfxxgk` (initials) both find 政府信息公开.
 *
 * pinyin-pro reads the whole title at once, so polyphones get their reading in context (重庆 is
 * chongqing, 银行 is yinhang). Each Chinese character contributes its toneless syllable (ü as v);
 * Latin letters in a title stand for themselves; anything else contributes nothing, so a query can
 * run across punctuation and digits. The index stores `full + ' ' + initials` per title and
 * matches a Latin-only query as a substring of either part.
 */
import { pinyin } from 'pinyin-pro'

const OPTIONS = { type: 'array', toneType: 'none', v: true } as const

// pinyin-pro costs ~2 µs a character, which is most of the build time at 100,000 titles. Titles
// are formulaic (关于印发, 的通知, the agency's own name), so the readings of each run of text
// between punctuation and digits are cached. Readings depend on context only within a word, and
// words do not span punctuation, so this gives the same syllables as reading the whole title.
const RUN = /[^\p{P}\p{S}\s\d]+|[\p{P}\p{S}\s\d]+/gu
const CACHE_LIMIT = 50_000
let cache = new Map<string, string[]>()

function readings(title: string): string[] {
  const out: string[] = []
  for (const [run] of title.matchAll(RUN)) {
    let items = cache.get(run)
    if (!items) {
      items = pinyin(run, OPTIONS)
      if (cache.size >= CACHE_LIMIT)
        cache = new Map()
      cache.set(run, items)
    }
    for (const item of items)
      out.push(item)
  }
  return out
}

/** Per code point of `title`: its syllable ('' when it contributes nothing) and its UTF-16 offset. */
function syllables(title: string): { syl: string, at: number }[] {
  const items = readings(title)
  const out: { syl: string, at: number }[] = []
  let at = 0
  let i = 0
  for (const ch of title) {
    const item = items[i++] ?? ch
    let syl = ''
    if (item !== ch)
      syl = item.toLowerCase().replace(/[^a-z]/g, '')
    else if (ch >= 'a' && ch <= 'z')
      syl = ch
    else if (ch >= 'A' && ch <= 'Z')
      syl = ch.toLowerCase()
    out.push({ syl, at })
    at += ch.length
  }
  return out
}

/** The searchable pinyin of a (normalised) title: `full + ' ' + initials`, letters a–z only. */
export function titlePinyin(title: string): string {
  let full = ''
  let initials = ''
  for (const { syl } of syllables(title)) {
    full += syl
    initials += syl.slice(0, 1)
  }
  return `${full} ${initials}`
}

/**
 * Where a Latin term matches the title's pinyin, as [start, end) ranges of the title, for
 * highlighting. Computed only for the page of results being shown.
 */
export function pinyinRanges(title: string, term: string): [number, number][] {
  const parts = syllables(title)
  const ranges: [number, number][] = []
  // For every letter of full and of initials: which character of the title it came from.
  for (const mode of ['full', 'initials'] as const) {
    let text = ''
    const owner: number[] = []
    for (let p = 0; p < parts.length; p++) {
      const s = mode === 'full' ? parts[p]!.syl : parts[p]!.syl.slice(0, 1)
      text += s
      for (let k = 0; k < s.length; k++)
        owner.push(p)
    }
    for (let i = text.indexOf(term); i >= 0; i = text.indexOf(term, i + 1)) {
      const first = parts[owner[i]!]!
      const last = parts[owner[i + term.length - 1]!]!
      const lastEnd = last.at + (title.codePointAt(last.at)! > 0xFFFF ? 2 : 1)
      ranges.push([first.at, lastEnd])
    }
  }
  return ranges
}
