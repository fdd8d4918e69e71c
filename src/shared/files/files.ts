// Files attached to a case: the applicant's 补正材料 and the documents an answer discloses.
// The type of a file is read from its first bytes (magic numbers), never taken from the name or the
// sender's content type: a script renamed to photo.jpg is refused, and what is stored and later
// served as a download carries the type its bytes prove. The same rules run on the device (to
// refuse a file before it is queued) and on the server (which decides).

/** What a case file is for: sent by the applicant with a 补正, or disclosed with the answer. */
export type CaseFileKind = 'amendment' | 'answer'

/** A type the project accepts, as sniffed from the bytes. */
export type SniffedType
  = | 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp'
    | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
    | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    | 'application/vnd.openxmlformats-officedocument.presentationml.presentation'
    | 'application/vnd.oasis.opendocument.text'
    | 'application/vnd.oasis.opendocument.spreadsheet'
    | 'application/msword' | 'application/vnd.ms-excel' | 'application/vnd.ms-powerpoint'

const IMAGES: readonly SniffedType[] = ['image/jpeg', 'image/png', 'image/gif', 'image/webp']

/** Limits per kind: the applicant's photos go through a phone's outbox, an answer's documents through a desk. */
export const CASE_FILE_LIMITS = {
  amendment: { perFileBytes: 5 * 1024 * 1024, totalBytes: 10 * 1024 * 1024, maxFiles: 5, types: ['application/pdf', ...IMAGES] as readonly SniffedType[] },
  answer: { perFileBytes: 10 * 1024 * 1024, totalBytes: 30 * 1024 * 1024, maxFiles: 20, types: null },
} as const satisfies Record<CaseFileKind, { perFileBytes: number, totalBytes: number, maxFiles: number, types: readonly SniffedType[] | null }>

/** The longest 补正 text (characters), as long as an application's description. */
export const AMENDMENT_TEXT_MAX = 2000

/** The longest file name kept (characters); longer names are cut, keeping the extension. */
export const FILE_NAME_MAX = 120

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x)
const ascii = (s: string) => [...s].map(c => c.charCodeAt(0))

/**
 * The file's type from its first bytes, or null when it is none of the accepted types. Office files
 * are ZIP (OOXML, ODF) or OLE2 containers: the container is proven by its bytes; which office
 * format it holds is taken from the name's extension among those the container allows.
 */
export function sniffType(bytes: Uint8Array, name: string): SniffedType | null {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1]?.toLowerCase() ?? ''
  if (startsWith(bytes, ascii('%PDF-')))
    return 'application/pdf'
  if (startsWith(bytes, [0xFF, 0xD8, 0xFF]))
    return 'image/jpeg'
  if (startsWith(bytes, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    return 'image/png'
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a')))
    return 'image/gif'
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8))
    return 'image/webp'
  if (startsWith(bytes, [0x50, 0x4B, 0x03, 0x04])) {
    const zip: Record<string, SniffedType> = {
      docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      odt: 'application/vnd.oasis.opendocument.text',
      ods: 'application/vnd.oasis.opendocument.spreadsheet',
    }
    return zip[ext] ?? null
  }
  if (startsWith(bytes, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])) {
    const ole: Record<string, SniffedType> = { doc: 'application/msword', xls: 'application/vnd.ms-excel', ppt: 'application/vnd.ms-powerpoint' }
    return ole[ext] ?? null
  }
  return null
}

/** A file name safe to store and to offer back: no path, no control characters, not too long. */
export function cleanFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[/\\]/).pop() ?? '').replace(/[\u0000-\u001F\u007F"<>|:*?]/g, '').trim()
  if (!base)
    return 'file'
  if (base.length <= FILE_NAME_MAX)
    return base
  const ext = /\.[a-z0-9]{1,5}$/i.exec(base)?.[0] ?? ''
  return base.slice(0, FILE_NAME_MAX - ext.length) + ext
}

/** Why a file (or a set of files) is refused; each code has { zh, en } text. */
export const FILE_REFUSALS = {
  fileType: { zh: '不支持这种文件：请上传 PDF 或图片', en: 'unsupported file: upload a PDF or an image' },
  answerFileType: { zh: '不支持这种文件：请上传 PDF、图片或办公文档', en: 'unsupported file: upload a PDF, an image or an office document' },
  fileTooLarge: { zh: '文件过大：每个文件不超过{mb} MB', en: 'file too large: at most {mb} MB each' },
  tooManyFiles: { zh: '文件过多：最多{n}个', en: 'too many files: at most {n}' },
  totalTooLarge: { zh: '文件合计过大：不超过{mb} MB', en: 'files too large in total: at most {mb} MB' },
  emptyFile: { zh: '文件是空的', en: 'the file is empty' },
} as const satisfies Record<string, { zh: string, en: string }>

export type FileRefusalCode = keyof typeof FILE_REFUSALS

export interface FileRefusal { code: FileRefusalCode, params?: Record<string, number>, index?: number }

/** A refusal's text in one language, with its values filled in. */
export function fileRefusalText(r: FileRefusal, lang: 'zh' | 'en'): string {
  return FILE_REFUSALS[r.code][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(r.params?.[k] ?? ''))
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024)

/**
 * Checks one file of `kind`: its type by its bytes, its size. `alreadyBytes`/`alreadyFiles` are
 * what the case (or the 补正) holds besides it. Returns the sniffed type or the refusal.
 */
export function checkCaseFile(kind: CaseFileKind, file: { name: string, bytes: Uint8Array }, already: { bytes: number, files: number } = { bytes: 0, files: 0 }): { ok: true, type: SniffedType } | { ok: false, refusal: FileRefusal } {
  const limits = CASE_FILE_LIMITS[kind]
  if (already.files + 1 > limits.maxFiles)
    return { ok: false, refusal: { code: 'tooManyFiles', params: { n: limits.maxFiles } } }
  if (file.bytes.length === 0)
    return { ok: false, refusal: { code: 'emptyFile' } }
  if (file.bytes.length > limits.perFileBytes)
    return { ok: false, refusal: { code: 'fileTooLarge', params: { mb: mb(limits.perFileBytes) } } }
  if (already.bytes + file.bytes.length > limits.totalBytes)
    return { ok: false, refusal: { code: 'totalTooLarge', params: { mb: mb(limits.totalBytes) } } }
  const type = sniffType(file.bytes, file.name)
  if (!type || (limits.types && !limits.types.includes(type)))
    return { ok: false, refusal: { code: kind === 'amendment' ? 'fileType' : 'answerFileType' } }
  return { ok: true, type }
}

/** Checks a whole set (a 补正's photos): the first refusal, with the index of the file it concerns. */
export function checkCaseFiles(kind: CaseFileKind, files: readonly { name: string, bytes: Uint8Array }[]): { ok: true, types: SniffedType[] } | { ok: false, refusal: FileRefusal } {
  const types: SniffedType[] = []
  let bytes = 0
  for (const [index, f] of files.entries()) {
    const r = checkCaseFile(kind, f, { bytes, files: index })
    if (!r.ok)
      return { ok: false, refusal: { ...r.refusal, index } }
    types.push(r.type)
    bytes += f.bytes.length
  }
  return { ok: true, types }
}

/** A stored file as lists show it (never its bytes). */
export interface CaseFileRef {
  id: string
  name: string
  contentType: SniffedType
  size: number
  /** ISO instant it was stored. */
  at: string
}
