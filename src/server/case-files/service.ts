/**
 * The rules of a case's files, without HTTP:
 *  - the applicant answers a 补正 from the app: proven by the device's status token or the phone's
 *    last four digits (the same proof, guess budget and single "not found" answer as tracking),
 *    idempotent on the device's id, opened from its seal, checked (text, files sniffed and sized),
 *    and committed in one transaction with the case's amendmentReceived step, which restarts the
 *    reply clock (shared clock, Art. 30);
 *  - reviewers attach the documents an answer discloses, before answering;
 *  - the applicant downloads them and the 告知书 once the case is answered.
 * Stored bytes are never trusted for their type: each file's type was sniffed on arrival.
 */
import type { AmendmentContent, CaseFileRef, CaseFilesResponse, Delivery, FileRefusal, SubmitAmendmentResponse } from '../../shared/files'
import type { GuessBudget } from '../applications/guess-budget'
import type { TrackingProof } from '../applications/proof'
import type { StoredApplicationSummary } from '../applications/store'
import type { Db, Queryable } from '../platform/db'
import type { ServerKeys } from '../platform/keys'
import type { caseService } from '../staff/cases/service'
import type { StaffUser } from '../staff/store'
import { createHash } from 'node:crypto'
import { AMENDMENT_SEALED_MAX, AMENDMENT_TEXT_MAX, AMENDMENT_VERSION, checkCaseFile, checkCaseFiles, cleanFileName, fileRefusalText } from '../../shared/files'
import { planApplicantAmendment, refusalText, WORKFLOW_REFUSALS } from '../../shared/review/workflow'
import { fromBase64Url, isSealedBox, isUuidV7, openSealed, SealError } from '../../shared/submission'
import { proveTracking } from '../applications/proof'
import { ApiError, badField, notFound } from '../platform/errors'
import { lockCase } from '../staff/cases/store'
import { audit } from '../staff/store'
import { answerLetter, caseFileTotals, deleteAnswerFile, findAmendment, findCaseFileMeta, insertAmendment, insertCaseFile, listAmendments, listCaseFiles, mailingNumber, readCaseFile, setMailingNumber } from './store'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A file as it comes in (JSON: name and base64 bytes). */
interface IncomingFile { name: string, data: string }

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('base64url')

function fileRefused(r: FileRefusal, field: string): ApiError {
  return new ApiError(r.code === 'fileType' || r.code === 'answerFileType' ? 415 : 413, r.code === 'fileType' || r.code === 'answerFileType' ? 'unsupported_media_type' : 'payload_too_large', `${fileRefusalText(r, 'zh')} (${fileRefusalText(r, 'en')})`, r.index === undefined ? field : `${field}.${r.index}`, { reason: r.code, ...(r.params ? { params: r.params } : {}) })
}

/** The bytes of a base64 (or base64url) field, or a 400 naming it. */
function bytesOf(data: unknown, field: string): Uint8Array {
  if (typeof data !== 'string' || !/^[\w+/=-]*$/.test(data))
    throw badField(field, '文件内容格式不正确 (file data must be base64)')
  return new Uint8Array(Buffer.from(data, 'base64'))
}

export interface CaseFilesDeps {
  db: Db
  keys: ServerKeys
  cases: ReturnType<typeof caseService>
  budget: GuessBudget
  now: () => Date
}

export function caseFilesService({ db, keys, cases, budget, now }: CaseFilesDeps) {
  /**
   * The application this proof opens, or null: unknown code, wrong digits or token, malformed
   * input all answer the same. Wrong digits count against the code's guess budget.
   */
  async function authorize(code: string | null, proof: TrackingProof): Promise<StoredApplicationSummary | null> {
    const r = await proveTracking(db, keys, code, proof, budget)
    if (r && 'pausedSec' in r)
      throw new ApiError(429, 'tracking_paused', '这份申请的手机号后四位已输错多次，暂停用手机号查询 (too many wrong digits for this code; paused)', undefined, { retryAfterSec: r.pausedSec })
    return r
  }

  const notFoundApp = () => new ApiError(404, 'not_found', '没有找到这份申请，请核对查询码和手机号后四位 (no application matches)')

  /** The applicant's 补正 from the app; 201 for a new one, 200 for a retry of the same body. */
  async function submitAmendment(code: string | null, bodyIn: unknown): Promise<{ status: 200 | 201, body: SubmitAmendmentResponse }> {
    const body = bodyIn as Record<string, unknown> | undefined
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw badField('body', '请求内容应为 JSON 对象 (the body must be a JSON object)')
    if (body.v !== AMENDMENT_VERSION)
      throw badField('v', '不支持的补正格式版本，请更新应用后重试 (unsupported amendment version)')
    if (!isUuidV7(body.id))
      throw badField('id', '补正编号格式不正确 (id must be a UUIDv7)')
    const id = body.id
    if (!isSealedBox(body.sealed, AMENDMENT_SEALED_MAX))
      throw badField('sealed', '补正内容加密格式不正确 (sealed amendment is malformed)')
    const app = await authorize(code, { token: body.token, phone4: body.phone4 })
    if (!app)
      throw notFoundApp()
    const hash = createHash('sha256').update(JSON.stringify(body.sealed)).digest('base64url')

    // A retry: answered from the stored row, nothing opened again.
    const existing = await findAmendment(db, id)
    if (existing)
      return retried(existing, app.id, hash)

    const key = keys.privateKey(body.sealed.kid) ?? (await keys.reload?.() ? keys.privateKey(body.sealed.kid) : undefined)
    if (!key)
      throw new ApiError(422, 'unknown_key', '补正所用的加密密钥已失效，请重新填写补正 (sealed to an unknown key)', 'sealed')
    let content: unknown
    try {
      content = await openSealed(key, body.sealed, id, AMENDMENT_SEALED_MAX)
    }
    catch (err) {
      if (err instanceof SealError)
        throw new ApiError(422, 'undecryptable', '补正内容无法解密，请重新填写补正 (sealed amendment cannot be opened)', 'sealed')
      throw err
    }
    const { text, files } = checkContent(content)

    const at = now().toISOString()
    const result = await db.transaction(async (tx) => {
      await lockCase(tx, app.id)
      // A second request with the same id waited for the lock: it finds the first one's row.
      const again = await findAmendment(tx, id)
      if (again)
        return { again }
      const d = await cases.detail(tx, app.id)
      const plan = planApplicantAmendment(d, at, id)
      if (!plan.ok) {
        const r = WORKFLOW_REFUSALS[plan.refusal.code]
        throw new ApiError(409, 'conflict', `${refusalText(plan.refusal, 'zh')} (${refusalText(plan.refusal, 'en')})`, undefined, { reason: plan.refusal.code, status: r.status })
      }
      await insertAmendment(tx, { id, applicationId: app.id, payloadHash: hash, text, receivedAt: at })
      for (const f of files)
        await insertCaseFile(tx, { id: crypto.randomUUID(), applicationId: app.id, kind: 'amendment', amendmentId: id, name: f.name, contentType: f.type, bytes: f.bytes, sha256: sha256(f.bytes), uploadedBy: null })
      await cases.commitStep(tx, { ...plan.step, applicationId: app.id, actorId: null }, seq => audit(tx, { actor: null, action: 'case.applicantAmendment', targetType: 'application', targetId: app.id, details: { seq, amendmentId: id, files: files.length } }))
      return { again: null }
    })
    if (result.again)
      return retried(result.again, app.id, hash)
    return { status: 201, body: { id, receivedAt: at, duplicate: false } }
  }

  function retried(existing: { applicationId: string, payloadHash: string, id: string, receivedAt: string }, appId: string, hash: string): { status: 200, body: SubmitAmendmentResponse } {
    if (existing.applicationId !== appId || existing.payloadHash !== hash)
      throw new ApiError(409, 'conflict', '该补正编号已用于另一份补正 (this id was already used for a different amendment)', 'id')
    return { status: 200, body: { id: existing.id, receivedAt: existing.receivedAt, duplicate: true } }
  }

  /** The opened content's text and files, checked by the shared rules (sniffed types, sizes). */
  function checkContent(content: unknown) {
    const c = content as { [K in keyof AmendmentContent]?: unknown } | null
    const text = typeof c?.text === 'string' ? c.text.trim() : null
    if (text === null || text.length > AMENDMENT_TEXT_MAX)
      throw badField('text', `补正说明不超过${AMENDMENT_TEXT_MAX}字 (text: at most ${AMENDMENT_TEXT_MAX} characters)`)
    if (!Array.isArray(c?.files))
      throw badField('files', '缺少附件列表 (files missing)')
    const incoming = (c.files as unknown[]).map((f, i) => {
      const file = f as Partial<IncomingFile> | null
      if (!file || typeof file.name !== 'string')
        throw badField(`files.${i}`, '附件格式不正确 (malformed file)')
      let bytes: Uint8Array
      try {
        bytes = fromBase64Url(typeof file.data === 'string' ? file.data : '!')
      }
      catch {
        throw badField(`files.${i}`, '附件内容格式不正确 (file data must be base64url)')
      }
      return { name: cleanFileName(file.name), bytes }
    })
    if (!text && !incoming.length)
      throw badField('text', '请填写补正内容或添加附件 (write the amendment or attach a file)')
    const checked = checkCaseFiles('amendment', incoming)
    if (!checked.ok)
      throw fileRefused(checked.refusal, 'files')
    return { text, files: incoming.map((f, i) => ({ ...f, type: checked.types[i]! })) }
  }

  /** An answered application's disclosed file, for the applicant. */
  async function applicantFile(code: string | null, proof: TrackingProof, fileId: string) {
    const app = await authorize(code, proof)
    if (!app || app.status !== 'answered' || !UUID.test(fileId))
      throw notFoundApp()
    const f = await readCaseFile(db, app.id, fileId)
    if (!f || f.kind !== 'answer')
      throw notFound('文件')
    return f
  }

  /** An answered application's 告知书 as plain text, for the applicant. */
  async function applicantLetter(code: string | null, proof: TrackingProof) {
    const app = await authorize(code, proof)
    if (!app || app.status !== 'answered')
      throw notFoundApp()
    const l = await answerLetter(db, app.id)
    if (!l)
      throw notFound('告知书')
    return { trackingCode: app.trackingCode, ...l }
  }

  /** A reviewer attaches a disclosed document to the answer (idempotent on the file id). */
  async function attach(applicationId: string, body: { id: string, name: string, data: string }, user: StaffUser, ip: string): Promise<{ status: 200 | 201, body: CaseFileRef }> {
    const bytes = bytesOf(body.data, 'data')
    const name = cleanFileName(body.name)
    const hash = sha256(bytes)
    const stored = await db.transaction(async (tx) => {
      await lockCase(tx, applicationId)
      const d = await cases.detail(tx, applicationId)
      const existing = await findCaseFileMeta(tx, body.id)
      if (existing) {
        if (existing.applicationId !== applicationId || existing.kind !== 'answer' || existing.sha256 !== hash)
          throw new ApiError(409, 'conflict', '该文件编号已用于另一个文件 (this id was already used for another file)', 'id')
        return { created: false }
      }
      if (d.item.status === 'answered')
        throw new ApiError(409, 'conflict', '该申请已答复，不能再添加文件 (already answered)', undefined, { reason: 'alreadyAnswered' })
      const checked = checkCaseFile('answer', { name, bytes }, await caseFileTotals(tx, applicationId, 'answer'))
      if (!checked.ok)
        throw fileRefused(checked.refusal, 'data')
      await insertCaseFile(tx, { id: body.id, applicationId, kind: 'answer', amendmentId: null, name, contentType: checked.type, bytes, sha256: hash, uploadedBy: user.id })
      await audit(tx, { actor: user, action: 'case.attachFile', targetType: 'application', targetId: applicationId, ip, details: { fileId: body.id, name, contentType: checked.type, size: bytes.length } })
      return { created: true }
    })
    const ref = (await listCaseFiles(db, applicationId, 'answer')).find(f => f.id === body.id)!
    const { amendmentId: _a, ...out } = ref
    return { status: stored.created ? 201 : 200, body: out }
  }

  /** Removes an answer file before the answer went out. */
  async function detach(applicationId: string, fileId: string, user: StaffUser, ip: string): Promise<void> {
    await db.transaction(async (tx) => {
      await lockCase(tx, applicationId)
      const d = await cases.detail(tx, applicationId)
      if (d.item.status === 'answered')
        throw new ApiError(409, 'conflict', '该申请已答复，文件已送达，不能删除 (already answered)', undefined, { reason: 'alreadyAnswered' })
      if (!(await deleteAnswerFile(tx, applicationId, fileId)))
        throw notFound('文件')
      await audit(tx, { actor: user, action: 'case.detachFile', targetType: 'application', targetId: applicationId, ip, details: { fileId } })
    })
  }

  /** Any file of a case, for staff. */
  async function staffFile(applicationId: string, fileId: string) {
    const f = await readCaseFile(db, applicationId, fileId)
    if (!f)
      throw notFound('文件')
    return f
  }

  /** Paper delivery: the postal tracking number, recorded once the case is answered. */
  async function recordMailing(applicationId: string, number: string, user: StaffUser, ip: string): Promise<void> {
    await db.transaction(async (tx) => {
      await lockCase(tx, applicationId)
      const d = await cases.detail(tx, applicationId)
      if (d.item.status !== 'answered')
        throw new ApiError(409, 'conflict', '请先答复，再登记邮寄单号 (answer the application first)', 'number', { reason: 'notAnswered' })
      await setMailingNumber(tx, applicationId, number)
      await audit(tx, { actor: user, action: 'case.mailing', targetType: 'application', targetId: applicationId, ip, details: { number } })
    })
  }

  /** What the case page shows besides the case itself: 补正材料, the answer's files, the mailing number. */
  async function caseFiles(applicationId: string): Promise<CaseFilesResponse> {
    await cases.getCase(applicationId)
    const answer = (await listCaseFiles(db, applicationId, 'answer')).map(({ amendmentId: _a, ...f }) => f)
    return { amendments: await listAmendments(db, applicationId), answer, mailingNumber: await mailingNumber(db, applicationId) }
  }

  return { submitAmendment, applicantFile, applicantLetter, attach, detach, staffFile, recordMailing, caseFiles }
}

/**
 * What an answered application delivers on the tracking page and in 我的申请 (null before the
 * answer: nothing is released early).
 */
export async function deliveryFor(q: Queryable, app: { id: string, status: string }): Promise<Delivery | null> {
  if (app.status !== 'answered')
    return null
  const documents = (await listCaseFiles(q, app.id, 'answer')).map(({ amendmentId: _a, ...f }) => f)
  return { documents, letter: !!(await answerLetter(q, app.id)), mailingNumber: await mailingNumber(q, app.id) }
}
