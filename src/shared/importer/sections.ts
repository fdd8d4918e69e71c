/**
 * The section tree: 一、… / （一）… / 1. … headings at the start of a line (after NFKC the
 * parentheses are ASCII). Lines inside statistics tables are skipped, their numbered rows are
 * not headings. Reports are not always well numbered (seed 001 has two 一、): the tree simply
 * follows the text.
 */
import type { SectionNode } from './types'

const HEADING = [
  { level: 1, re: /^([一二三四五六七八九十]{1,3})\s*[、.]\s*(?=\S)/ },
  { level: 2, re: /^\(\s*([一二三四五六七八九十]{1,3})\s*\)\s*、?(?=\S)/ },
  { level: 3, re: /^(\d{1,2})[、.\s]\s*(?=[^\d\s])/ },
] as const

export interface Heading { level: number, label: string, title: string, start: number, lineEnd: number }

export function findHeadings(text: string, isMasked: (pos: number) => boolean): Heading[] {
  const out: Heading[] = []
  let pos = 0
  for (const line of text.split('\n')) {
    const start = pos
    pos += line.length + 1
    if (!line || line.length > 400 || isMasked(start))
      continue
    for (const h of HEADING) {
      const m = h.re.exec(line)
      if (!m)
        continue
      const rest = line.slice(m[0].length)
      // 一是 / 1是 are list items inside a paragraph, not headings
      if (rest.startsWith('是'))
        break
      const stop = rest.search(/[。:;!?]/)
      let title = (stop === -1 ? rest : rest.slice(0, stop)).trim()
      if (title.length > 40)
        title = `${title.slice(0, 40)}…`
      out.push({ level: h.level, label: m[1]!, title, start, lineEnd: start + line.length })
      break
    }
  }
  return out
}

/** Builds the nested tree; each node ends where the next heading of the same or a higher level starts. */
export function buildSectionTree(headings: Heading[], textLength: number): SectionNode[] {
  const roots: SectionNode[] = []
  const stack: SectionNode[] = []
  for (const h of headings) {
    const node: SectionNode = { title: h.title, label: h.level === 2 ? `(${h.label})` : h.label, level: h.level, start: h.start, end: textLength, children: [] }
    while (stack.length && stack.at(-1)!.level >= h.level)
      stack.pop()!.end = h.start
    if (stack.length)
      stack.at(-1)!.children.push(node)
    else
      roots.push(node)
    stack.push(node)
  }
  return roots
}
