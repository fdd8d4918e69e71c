/**
 * The text cut into sentences (。 ! ? ; and line breaks) and clauses (commas), each knowing the
 * headings it sits under. Prose rules read one clause at a time with its sentence and section as
 * context, which is what keeps "网上申请35件" (a channel) apart from "网上咨询9700次" (enquiries).
 */
import type { Span } from './candidate'
import type { Heading } from './sections'

export interface Clause {
  text: string
  start: number
  end: number
  sentence: string
  sentenceStart: number
  /** The sentence before this clause. */
  prefix: string
  /** Titles of the headings above, outermost first, joined with '/'. */
  context: string
}

/** A comma between clauses, not the thousands separator of 1,074 (NFKC made both ASCII). */
export const CLAUSE_COMMA = /(?<!\d),|,(?!\d{3}(?!\d))/

const MAX_SENTENCE = 2000
const WINDOW = 300

export function buildClauses(text: string, headings: Heading[], masks: Span[]): Clause[] {
  const out: Clause[] = []
  const chain: Heading[] = []
  let hi = 0
  const masked = (s: number, e: number) => masks.some(m => s < m.end && e > m.start)
  const re = /[^。!?;\n]+/g
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const sStart = m.index
    while (hi < headings.length && headings[hi]!.start <= sStart) {
      const h = headings[hi++]!
      while (chain.length && chain.at(-1)!.level >= h.level)
        chain.pop()
      chain.push(h)
    }
    const context = chain.map(h => h.title).join('/')
    const sentence = m[0]
    // A "sentence" of thousands of characters (a crafted page, a table flattened without stops)
    // gives each clause a window of it instead: every rule reads the sentence, which would
    // otherwise make the reading quadratic.
    const long = sentence.length > MAX_SENTENCE
    let off = 0
    for (const part of sentence.split(CLAUSE_COMMA)) {
      const start = sStart + off
      if (part.trim() && !masked(start, start + part.length)) {
        const from = long ? Math.max(0, off - WINDOW) : 0
        const own = long ? sentence.slice(from, off + part.length + WINDOW) : sentence
        out.push({ text: part, start, end: start + part.length, sentence: own, sentenceStart: sStart + from, prefix: sentence.slice(from, off), context })
      }
      off += part.length + 1
    }
  }
  return out
}
