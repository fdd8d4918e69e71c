/**
 * The rules of submitting and tracking an application, without HTTP: the routes pass the body and
 * the device id in and send back what comes out. A submission is checked cheapest-first: shape, the
 * idempotency lookup (a retry of an accepted id is answered from the row, without decrypting
 * anything), then the seal, then the shared validator. Nothing is stored unless every check
 * passes; a returned result means committed.
 */
import type { SubmitApplicationResponse, TrackApplicationResponse } from '../../shared/submission'
import type { Notifier } from '../notify/service'
import type { Db, Queryable } from '../platform/db'
import type { ServerKeys } from '../platform/keys'
import type { GuessBudget } from './guess-budget'
import type { TrackingProof } from './proof'
import type { StoredApplicationSummary } from './store'
import { createHash } from 'node:crypto'
import { maskIdNumber, maskName, maskPhone, phoneLast4, validateApplication } from '../../shared/application'
import { isPlausibleInstant } from '../../shared/kiosk'
import { isSealedBox, isUuidV7, openSealed, SealError, serverDates, SUBMISSION_VERSION, trackingCodeFor } from '../../shared/submission'
import { referredTo } from '../agencies/referral'
import { activeAgency, agencyRef } from '../agencies/store'
import { currentCalendar } from '../calendar/service'
import { deliveryFor } from '../case-files/service'
import { contactToken, decideChannel } from '../kiosks/service'
import { ApiError, badField } from '../platform/errors'
import { applicantKey } from './applicant-key'
import { DEFAULT_GUESS_BUDGET } from './guess-budget'
import { proveTracking } from './proof'
import { applicationHistory, findApplication, insertApplication } from './store'

/** Stable hash of the body as received: a retry sends the stored request byte for byte. */
function payloadHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('base64url')
}

/** What a submission answers: 201 for a new row, 200 for a retry of the same body. */
export interface SubmitResult { status: 200 | 201, body: SubmitApplicationResponse }

/** `clock` is the server's time (AppContext.now: tests move it). */
export function applicationService(db: Db, keys: ServerKeys, notifier?: Notifier, clock: () => Date = () => new Date()) {
  async function response(row: StoredApplicationSummary, duplicate: boolean): Promise<SubmitApplicationResponse> {
    return { id: row.id, ...publicStatus(row), agency: await agencyOf(db, row), statusToken: keys.mac('status', row.id), duplicate }
  }

  async function answerExisting(row: StoredApplicationSummary, hash: string): Promise<SubmitResult> {
    if (row.payloadHash !== hash)
      throw new ApiError(409, 'conflict', '该申请编号已用于另一份申请 (this id was already used for a different application)', 'id')
    return { status: 200, body: await response(row, true) }
  }

  async function submit(bodyIn: unknown, deviceId: string | null): Promise<SubmitResult> {
    const body = bodyIn as Record<string, unknown> | undefined
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw badField('body', '请求内容应为 JSON 对象 (the body must be a JSON object)')
    if (body.v !== SUBMISSION_VERSION)
      throw badField('v', '不支持的申请格式版本，请更新应用后重试 (unsupported submission version)')
    if (!isUuidV7(body.id))
      throw badField('id', '申请编号格式不正确 (id must be a UUIDv7)')
    const id = body.id
    const general = body.general as Record<string, unknown> | undefined
    if (!general || typeof general !== 'object' || Array.isArray(general))
      throw badField('general', '缺少申请内容 (general part missing)')
    if (!isSealedBox(body.personal))
      throw badField('personal', '个人信息加密格式不正确，请重新填写个人信息后提交 (sealed personal data is malformed)')
    const hash = payloadHash(body)

    // A retry, replay or second tab: answer from the row without decrypting anything again.
    const existing = await findApplication(db, id)
    if (existing)
      return answerExisting(existing, hash)

    // A key rotated in by another instance or the keys CLI: re-read the key store once (throttled).
    let key = keys.privateKey(body.personal.kid)
    if (!key && await keys.reload?.())
      key = keys.privateKey(body.personal.kid)
    if (!key)
      throw new ApiError(422, 'unknown_key', '个人信息所用的加密密钥已失效，请重新填写个人信息后提交 (sealed to an unknown key)', 'personal')
    let personal: unknown
    try {
      personal = await openSealed(key, body.personal, id)
    }
    catch (err) {
      if (err instanceof SealError)
        throw new ApiError(422, 'undecryptable', '个人信息无法解密，请重新填写个人信息后提交 (sealed personal data cannot be opened)', 'personal')
      throw err
    }

    const checked = validateApplication({ v: 1, general, personal })
    if (!checked.ok) {
      const first = checked.errors[0]!
      throw new ApiError(422, 'invalid_application', `${first.message} (${first.messageEn})`, first.field, checked.errors)
    }
    const { value } = checked
    if (value.general.channel !== 'inPerson' && value.general.channel !== 'online')
      throw new ApiError(422, 'invalid_application', '设备只能提交当面或网上申请 (devices submit in person or on-line only)', 'general.channel')
    const claimedMs = Date.parse(value.general.deviceSubmittedAt!)
    if (!isPlausibleInstant(claimedMs))
      throw badField('general.deviceSubmittedAt', '提交时间不在有效范围内，请检查设备的日期和时间后重新提交 (the submission time is out of range)')

    // Addressed to an agency of the directory that still takes applications (absent: queued by an
    // app from before the directory; recorded without one).
    const agencyId = value.general.agencyId ?? null
    if (agencyId && !(await activeAgency(db, agencyId)))
      throw new ApiError(422, 'unknown_agency', '受理机关不存在或已停止受理申请，请重新选择受理机关 (unknown or inactive agency)', 'general.agencyId')

    const now = clock()
    // The server decides the channel (kiosks/service.ts): the device's own word counts for nothing.
    const decision = await decideChannel(db, keys, { id, general, personal: body.personal, proof: body.kiosk, claimedMs, now })
    const channel = decision.channel
    value.general.channel = channel
    const dates = serverDates({ channel, deviceSubmittedAt: decision.submittedAt.toISOString(), serverReceivedAt: now.toISOString() }, await currentCalendar(db))
    const result = await insertApplication(db, {
      id,
      trackingCode: trackingCodeFor(id),
      payloadHash: hash,
      channel,
      deviceId,
      dates,
      applicantType: value.general.applicantType,
      orgSubtype: value.general.orgSubtype,
      idType: value.general.idType,
      nameMasked: maskName(value.personal.name),
      idNumberMasked: maskIdNumber(value.personal.idNumber),
      phoneMasked: maskPhone(value.personal.phone ?? ''),
      // No telephone (Art. 29 lets an e-mail or address do): a value no four digits can match, so
      // such an applicant tracks with the status token only.
      applicantKey: applicantKey(keys, value.general.idType, value.personal.idNumber),
      phone4Hash: keys.mac('phone4', `${id}|${value.personal.phone ? phoneLast4(value.personal.phone) : 'none'}`),
      personalEnc: keys.encryptAtRest(JSON.stringify(value.personal)),
      dataKeyId: keys.dataKeyId,
      sealKid: body.personal.kid,
      general: value.general,
      agencyId,
      kiosk: { id: decision.kioskId, flag: decision.flag, claimedAt: decision.claimedAt?.toISOString() ?? null },
    }, tx => notifier?.queueReceived(tx, { id, trackingCode: trackingCodeFor(id), general: value.general as unknown as Record<string, unknown> }) ?? Promise.resolve())
    // Another id that maps to the same tracking code (only a crafted id can): refuse, never merge.
    if ('conflict' in result)
      throw new ApiError(409, 'conflict', '申请编号冲突，请重新提交 (tracking code collision)', 'id')
    if (!result.created)
      return answerExisting(result.row, hash)
    // A kiosk's accepted submission is also a confirmed contact: its next claims start from here.
    return { status: 201, body: { ...await response(result.row, false), ...(decision.kioskId ? { contact: contactToken(keys, decision.kioskId, now) } : {}) } }
  }

  /**
   * An application's public status for its tracking code, proven by the last four digits of the
   * phone or the device's status token. Unknown code, wrong digits, malformed input: one answer
   * (null), so a guess learns nothing.
   */
  async function track(code: string | null, proof: TrackingProof, budget: GuessBudget = DEFAULT_GUESS_BUDGET): Promise<TrackApplicationResponse | null | { pausedSec: number }> {
    const row = await proveTracking(db, keys, code, proof, budget)
    if (!row || 'pausedSec' in row)
      return row
    // The id lets the applicant's device link a re-addressed application to this one (Art. 36(5)).
    return { id: row.id, ...publicStatus(row), agency: await agencyOf(db, row), history: await applicationHistory(db, row.id), referredTo: await referredTo(db, row.id), delivery: await deliveryFor(db, row) }
  }

  return { submit, track }
}

/** The agency a receipt and the tracking page name (null: none recorded). */
async function agencyOf(db: Queryable, row: StoredApplicationSummary) {
  return row.agencyId ? agencyRef(db, row.agencyId) : null
}

/**
 * What a receipt and the tracking page may show of a stored application: named field by field, so
 * a column added to the summary (hashes, anything personal) never reaches an answer by accident.
 */
export function publicStatus(row: StoredApplicationSummary) {
  return {
    trackingCode: row.trackingCode,
    channel: row.channel,
    status: row.status,
    deviceSubmittedAt: row.deviceSubmittedAt,
    serverReceivedAt: row.serverReceivedAt,
    receivedOn: row.receivedOn,
    dueDate: row.dueDate,
    dueDateProvisional: row.dueDateProvisional,
  }
}
