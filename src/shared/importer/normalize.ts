/**
 * Input → one normalised plain text. Reports arrive as pasted text or as saved web pages, so this
 * guards the size, refuses binary data, converts HTML to text with a real parser (html.ts: nothing is
 * ever executed, script/style bodies are dropped, tags are never copied to the text),
 * applies NFKC (full-width digits and punctuation become ASCII, so every later pattern is written
 * once) and drops page chrome lines (breadcrumbs, 字号, 打印, 扫一扫...).
 * Table cells become tab-separated and a table row becomes one line, which is what the table
 * readers in tables.ts expect from flattened text too. In HTML every row keeps all its fields,
 * empty ones included (a blank cell is a column, not nothing); in pasted text runs of tabs collapse.
 */
import type { ImportProblem, InputFormat } from './types'
import { htmlToText } from './html'

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
    let line = rawLine
    // a table pasted as "label | 0 | 0 |": the bars are cell boundaries
    if (format === 'text' && (line.match(/\|/g)?.length ?? 0) >= 2)
      line = line.replace(/\s*\|\s*/g, '\t')
    if (line.includes('\t')) {
      line = line.replace(/ *\t */g, '\t')
      if (format === 'text' || line.replace(/\t/g, '').trim() === '')
        line = line.replace(/\t+/g, '\t').trim()
      else
        line = line.replace(/^ +| +$/g, '')
    }
    else {
      line = line.trim()
    }
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
  if (line.length > 200 || /[。,;]/.test(line))
    return false
  // "首页/ 政府信息公开 / 年报 / 2021 / 正文" as well as "首页 > …"
  if (/^(?:首页|主页|网站首页|当前位置|您现在的位置|您的位置|所在位置)/.test(line) && /->|[>»›→]|\s\/\s|\/\s/.test(line))
    return true
  if (!/[>»›→]/.test(line))
    return false
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
