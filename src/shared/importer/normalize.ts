/**
 * Input → one normalised plain text. Reports arrive as pasted text or as saved web pages, so this
 * guards the size, refuses binary data, converts HTML to text with a small linear scanner (no DOM,
 * nothing is ever executed: script/style bodies are dropped, tags are never copied to the text),
 * applies NFKC (full-width digits and punctuation become ASCII, so every later pattern is written
 * once) and drops page chrome lines (breadcrumbs, 字号, 打印, 扫一扫...).
 * Table cells become tab-separated and a table row becomes one line, which is what the table
 * readers in tables.ts expect from flattened text too.
 */
import type { ImportProblem, InputFormat } from './types'

export const DEFAULT_MAX_INPUT_CHARS = 4_000_000
/** Plenty for any annual report (the seeds are 3–12 thousand characters). */
const MAX_TEXT_CHARS = 1_000_000

export interface Normalised {
  text: string
  format: InputFormat
  /** Breadcrumb lines removed as chrome: they still name the agency or the year. */
  breadcrumbs: string[]
  problems: ImportProblem[]
}

/** Anything that could be read as markup after entity decoding: never let it into the text. */
const TAG_LIKE = /<\/?[a-z!?][^<>]{0,500}>/gi

export function normalise(raw: string, maxInputChars = DEFAULT_MAX_INPUT_CHARS): Normalised {
  const problems: ImportProblem[] = []
  if (typeof raw !== 'string' || raw.trim() === '')
    return { text: '', format: 'empty', breadcrumbs: [], problems: [{ kind: 'input', message: '输入为空：没有可读取的报告文本 (empty input)', keys: [] }] }
  if (raw.length > maxInputChars) {
    problems.push({ kind: 'input', message: `输入过大：只读取了前 ${maxInputChars} 个字符 (input of ${raw.length} characters truncated to ${maxInputChars})`, keys: [] })
    raw = raw.slice(0, maxInputChars)
  }
  if (looksBinary(raw))
    return { text: '', format: 'binary', breadcrumbs: [], problems: [...problems, { kind: 'input', message: '输入不是文本（可能是二进制文件）：请提供纯文本或网页格式的报告 (binary data, not text)', keys: [] }] }

  const format: InputFormat = looksHtml(raw) ? 'html' : 'text'
  let text = format === 'html' ? htmlToText(raw) : raw
  text = text.normalize('NFKC')
  // Control and invisible characters; keep \t (cell separator) and \n.
  // eslint-disable-next-line no-control-regex
  text = text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\v\f\u000E-\u001F\u007F\u200B-\u200D\u2060\uFEFF\u00AD\uFFFD]/g, '')
  if (format === 'html')
    text = text.replace(TAG_LIKE, '')

  const breadcrumbs: string[] = []
  const lines: string[] = []
  for (const rawLine of text.split('\n')) {
    const line = (rawLine.includes('\t') ? rawLine.replace(/\t+/g, '\t').replace(/ *\t */g, '\t') : rawLine).trim()
    if (line && isBreadcrumb(line)) {
      breadcrumbs.push(line)
      continue
    }
    if (line && isChrome(line))
      continue
    if (line === '' && (lines.length === 0 || lines.at(-1) === ''))
      continue
    lines.push(line)
  }
  while (lines.at(-1) === '')
    lines.pop()
  text = lines.join('\n')
  if (text.length > MAX_TEXT_CHARS) {
    problems.push({ kind: 'input', message: `报告文本过长：只分析了前 ${MAX_TEXT_CHARS} 个字符 (text truncated to ${MAX_TEXT_CHARS} characters)`, keys: [] })
    text = text.slice(0, MAX_TEXT_CHARS)
  }
  if (text === '')
    problems.push({ kind: 'input', message: '没有找到报告正文 (no report text found)', keys: [] })
  return { text, format, breadcrumbs, problems }
}

function looksBinary(s: string): boolean {
  const sample = s.slice(0, 65536)
  let bad = 0
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i)
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xFFFD)
      bad++
  }
  return bad > sample.length * 0.02
}

function looksHtml(s: string): boolean {
  return /<(?:!doctype\s+html|html|head|body|table|tr|td|th|p|div|br|span|script|style|meta|font|center|h[1-6])\b[^>]*>/i.test(s.slice(0, 200_000))
}

// ---------------------------------------------------------------- chrome

const BREADCRUMB_SEP = /\s*(?:->|>>|[>»›→/])\s*/g

function isBreadcrumb(line: string): boolean {
  if (line.length > 200 || !/[>»›→]/.test(line) || /[。,;]/.test(line))
    return false
  if (/^(?:首页|主页|网站首页|当前位置|您现在的位置|您的位置|所在位置)/.test(line) && /->|[>»›→]/.test(line))
    return true
  return (line.match(BREADCRUMB_SEP) ?? []).filter(s => s.trim() !== '/').length >= 2
}

/** Words that make up page furniture; a line made only of these (and brackets) is dropped. */
const CHROME_WORDS = /扫一扫在手机打开当前页|扫一扫|在手机打开当前页|打印本页|打印|关闭窗口|关闭本页|关闭|收藏本页|收藏|加入收藏|分享到|分享|返回顶部|返回|字号|字体|浏览次数|阅读次数|访问次数|点击数|点击率|[【】[\]大中小:•·|\s\d]|默认/g

function isChrome(line: string): boolean {
  if (/^produced by\b|发布系统$|^(?:上一篇|下一篇|责任编辑|相关链接|相关阅读|主办单位|网站标识码|ICP备)/i.test(line))
    return true
  if (line.length > 40)
    return false
  if (!/扫一扫|打印|关闭|收藏|分享|返回|字号|字体|浏览次数|阅读次数|访问次数|点击/.test(line))
    return false
  return line.replace(CHROME_WORDS, '') === ''
}

// ---------------------------------------------------------------- HTML

const SKIP_ELEMENTS = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'textarea', 'select', 'button'])
const BLOCK_ELEMENTS = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'header', 'footer', 'blockquote', 'pre', 'hr', 'dt', 'dd', 'dl', 'form', 'center', 'caption', 'title', 'nav', 'aside', 'main', 'figure', 'figcaption', 'address', 'body', 'html', 'head'])

interface Frame { parts: string[], cell: boolean, table: number }

/**
 * HTML → text. A cell's short content is kept on one line (a <p> inside a <td> is not a new row);
 * a long cell (a layout table holding the whole article) keeps its line breaks.
 */
export function htmlToText(html: string): string {
  const stack: Frame[] = [{ parts: [], cell: false, table: 0 }]
  let tableDepth = 0
  let i = 0
  const n = html.length
  const top = () => stack[stack.length - 1]!
  const closeCell = () => {
    const f = top()
    if (!f.cell || f.table !== tableDepth)
      return
    stack.pop()
    let content = f.parts.join('')
    if (content.length <= 200)
      content = content.replace(/\s*\n\s*/g, ' ')
    top().parts.push('\t', content.trim(), '\t')
  }
  while (i < n) {
    const lt = html.indexOf('<', i)
    const end = lt === -1 ? n : lt
    if (end > i)
      top().parts.push(decodeEntities(html.slice(i, end)).replace(/[ \t\r\n\f]+/g, ' '))
    if (lt === -1)
      break
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4)
      i = close === -1 ? n : close + 3
      continue
    }
    const m = /^<(\/?)([a-z][a-z0-9]*)\b/i.exec(html.slice(lt, lt + 40))
    if (!m) {
      if (/^<[!?]/.test(html.slice(lt, lt + 2))) { // doctype, processing instruction
        const close = html.indexOf('>', lt)
        i = close === -1 ? n : close + 1
      }
      else {
        top().parts.push('<')
        i = lt + 1
      }
      continue
    }
    const tagEnd = findTagEnd(html, lt + m[0].length)
    const closing = m[1] === '/'
    const name = m[2]!.toLowerCase()
    i = tagEnd
    if (!closing && SKIP_ELEMENTS.has(name)) {
      const close = html.toLowerCase().indexOf(`</${name}`, i)
      i = close === -1 ? n : findTagEnd(html, close + 2 + name.length)
      continue
    }
    if (name === 'table') {
      if (closing) {
        closeCell()
        tableDepth = Math.max(0, tableDepth - 1)
      }
      else { tableDepth++ }
      top().parts.push('\n')
    }
    else if (name === 'tr') {
      closeCell()
      top().parts.push('\n')
    }
    else if (name === 'td' || name === 'th') {
      closeCell()
      if (!closing)
        stack.push({ parts: [], cell: true, table: tableDepth })
    }
    else if (BLOCK_ELEMENTS.has(name)) {
      top().parts.push('\n')
    }
  }
  while (stack.length > 1) {
    const f = stack.pop()!
    top().parts.push('\t', f.parts.join('').trim(), '\t')
  }
  return stack[0]!.parts.join('')
}

/** End of a tag (index after '>'), skipping quoted attribute values. */
function findTagEnd(s: string, from: number): number {
  let q: string | null = null
  for (let j = from; j < s.length; j++) {
    const c = s[j]
    if (q) {
      if (c === q)
        q = null
    }
    else if (c === '"' || c === '\'') {
      q = c
    }
    else if (c === '>') {
      return j + 1
    }
    if (j - from > 10_000) // an unclosed quote: give up on the attribute, not on the document
      return !s.includes('>', from) ? s.length : s.indexOf('>', from) + 1
  }
  return s.length
}

const NAMED: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: '\'',
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  middot: '·',
  bull: '•',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  emsp: ' ',
  ensp: ' ',
  thinsp: ' ',
  times: '×',
  divide: '÷',
  yen: '¥',
  deg: '°',
  plusmn: '±',
  copy: '©',
  reg: '®',
  laquo: '«',
  raquo: '»',
}

export function decodeEntities(s: string): string {
  if (!s.includes('&'))
    return s
  return s.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});?/gi, (all, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10)
      if (!Number.isFinite(code) || code <= 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        return ''
      return String.fromCodePoint(code)
    }
    return NAMED[body.toLowerCase()] ?? all
  })
}
