/**
 * HTML → text through a real HTML parser (parse5: the WHATWG algorithm, so unclosed tags, stray
 * quotes and implied <tbody> come out the way a browser would show them). Pure JavaScript with no
 * DOM, so it runs wherever the importer runs.
 *
 * Tables are read as grids, not as a stream of words: every <tr> becomes one line with one
 * tab-separated field per grid column up to its last cell; positions covered by a rowspan or a
 * colspan, and cells holding only &nbsp;, are empty fields. A 2019-template row whose blank cells mean
 * "none" therefore keeps its seven columns ("821\t\t35\t\t2\t1\t859"), and the table readers find a
 * value by its column instead of guessing where one number ends (tables.ts, gridCells).
 * Nothing of the markup survives: script/style bodies are dropped, attributes are never read
 * except rowspan/colspan.
 */
import type { DefaultTreeAdapterTypes as T } from 'parse5'
import { parse } from 'parse5'

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'textarea', 'select', 'button', 'meta', 'link'])
const BLOCK = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'header', 'footer', 'blockquote', 'pre', 'hr', 'dt', 'dd', 'dl', 'form', 'center', 'caption', 'title', 'nav', 'aside', 'main', 'figure', 'figcaption', 'address', 'body', 'html', 'head', 'tr'])
/** A cell's content up to this length is one field on one line (a <p> inside a <td> is not a new row). */
const SHORT_CELL = 200
/** Deeper than this, elements are read as plain text: a crafted page cannot exhaust the stack. */
const MAX_DEPTH = 200
/** Columns and rows a colspan/rowspan may claim (HTML caps them at 1000 and 65534; tables here are small). */
const MAX_SPAN = 100

type Node = T.ChildNode | T.ParentNode

const isElement = (n: Node): n is T.Element => 'tagName' in n
const isText = (n: Node): n is T.TextNode => n.nodeName === '#text'
const children = (n: Node): T.ChildNode[] => ('childNodes' in n ? n.childNodes : [])

function span(el: T.Element, name: string): number {
  const v = Number.parseInt(el.attrs.find(a => a.name === name)?.value ?? '1', 10)
  return Number.isFinite(v) && v >= 1 ? Math.min(v, MAX_SPAN) : 1
}

/** Text of a subtree without structure, iteratively (used past MAX_DEPTH). */
function flatText(root: Node): string {
  const out: string[] = []
  const stack: Node[] = [root]
  while (stack.length) {
    const n = stack.pop()!
    if (isText(n))
      out.push(n.value)
    else if (!isElement(n) || !SKIP.has(n.tagName))
      stack.push(...[...children(n)].reverse())
  }
  return out.join('').replace(/[ \t\r\n\f]+/g, ' ')
}

/** The <tr> rows of a table, through thead/tbody/tfoot, not those of nested tables. */
function tableRows(table: T.Element): T.Element[] {
  const rows: T.Element[] = []
  for (const c of children(table)) {
    if (!isElement(c))
      continue
    if (c.tagName === 'tr')
      rows.push(c)
    else if (c.tagName === 'thead' || c.tagName === 'tbody' || c.tagName === 'tfoot')
      rows.push(...children(c).filter((r): r is T.Element => isElement(r) && r.tagName === 'tr'))
  }
  return rows
}

function renderTable(table: T.Element, depth: number, out: string[]): void {
  const grid: (string | null)[][] = [] // null: covered by a span from another cell
  const rows = tableRows(table)
  rows.forEach((tr, r) => {
    grid[r] ??= []
    let c = 0
    for (const cell of children(tr)) {
      if (!isElement(cell) || (cell.tagName !== 'td' && cell.tagName !== 'th'))
        continue
      while (grid[r]![c] !== undefined)
        c++
      const parts: string[] = []
      renderChildren(cell, depth + 1, parts)
      let content = parts.join('')
      if (content.length <= SHORT_CELL)
        content = content.replace(/\s*\n\s*/g, ' ')
      content = content.replace(/\t/g, ' ').trim()
      const rs = Math.min(span(cell, 'rowspan'), rows.length - r)
      const cs = span(cell, 'colspan')
      for (let dr = 0; dr < rs; dr++) {
        grid[r + dr] ??= []
        for (let dc = 0; dc < cs; dc++)
          grid[r + dr]![c + dc] = dr === 0 && dc === 0 ? content : null
      }
      c += cs
    }
  })
  out.push('\n')
  // A row ends at its last cell (its own or one spanning into it): a longer header row elsewhere
  // must not give the data rows phantom trailing columns.
  for (const row of grid)
    out.push(Array.from({ length: row.length }, (_, i) => row[i] ?? '').join('\t'), '\n')
}

function renderChildren(node: Node, depth: number, out: string[]): void {
  for (const c of children(node))
    render(c, depth, out)
}

function render(node: Node, depth: number, out: string[]): void {
  if (isText(node)) {
    out.push(node.value.replace(/[ \t\r\n\f]+/g, ' '))
    return
  }
  if (!isElement(node)) {
    if (node.nodeName === '#document' || node.nodeName === '#document-fragment')
      renderChildren(node, depth, out)
    return
  }
  const tag = node.tagName
  if (SKIP.has(tag))
    return
  if (depth > MAX_DEPTH) {
    out.push('\n', flatText(node), '\n')
    return
  }
  if (tag === 'table') {
    renderTable(node, depth, out)
    return
  }
  const block = BLOCK.has(tag)
  if (block)
    out.push('\n')
  renderChildren(node, depth + 1, out)
  if (block)
    out.push('\n')
}

/** The page as text: blocks on their own lines, each table row one line of tab-separated fields. */
export function htmlToText(html: string): string {
  const out: string[] = []
  render(parse(html), 0, out)
  return out.join('')
}
