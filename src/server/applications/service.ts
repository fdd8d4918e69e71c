/**
 * The rules of submitting and tracking an application, without HTTP: the routes pass the body and
 * the device id in and send back what comes out. A submission is checked cheapest-first: shape, the
 * idempotency lookup (a retry of an accepted id is answered from the row, without decrypting
 * anything), then the seal, then the shared validator. Nothing is stored unless every check
 * passes; a returned result means committed.
 */
import type { SubmitApplicationResponse, TrackApplicationResponse } from '../../shared/submission'
import type { Db, Queryable } from '../platform/db'
import type { ServerKeys } from '../platform/keys'
import type { StoredApplicationSummary } from './store'
import { createHash } from 'node:crypto'
import { maskIdNumber, maskName, maskPhone, validateApplication } from '../../shared/application'
import { isSealedBox, isUuidV7, openSealed, SealError, serverDates, SUBMISSION_VERSION, trackingCodeFor } from '../../shared/submission'
import { referredTo } from '../agencies/referral'
import { activeAgency, agencyRef } from '../agencies/store'
import { ApiError, badField } from '../platform/errors'
import { applicationHistory, findApplication, findByTrackingCode, insertApplication } from './store'

const PHONE4 = /^\d{4}$/
const TOKEN = /^[\w-]{20,64}$/

/** Stable hash of the body as received: a retry sends the stored request byte for byte. */
function payloadHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('base64url')
}

/** What a submission answers: 201 for a new row, 200 for a retry of the same body. */
export interface SubmitResult { status: 200 | 201, body: SubmitApplicationResponse }

export function applicationService(db: Db, keys: ServerKeys) {
  async function response(row: StoredApplicationSummary, duplicate: boolean): Promise<SubmitApplicationResponse> {
    return { id: row.id, ...await publicStatus(db, row), statusToken: keys.mac('status', row.id), duplicate }
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

    const key = keys.privateKey(body.personal.kid)
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
    const channel = value.general.channel
    if (channel !== 'inPerson' && channel !== 'online')
      throw new ApiError(422, 'invalid_application', '设备只能提交当面或网上申请 (devices submit in person or on-line only)', 'general.channel')

    // Addressed to an agency of the directory that still takes applications (absent: queued by an
    // app from before the directory; recorded without one).
    const agencyId = value.general.agencyId ?? null
    if (agencyId && !(await activeAgency(db, agencyId)))
      throw new ApiError(422, 'unknown_agency', '受理机关不存在或已停止受理申请，请重新选择受理机关 (unknown or inactive agency)', 'general.agencyId')

    const now = new Date()
    // A device clock running fast must not date a receipt in the future.
    const submittedMs = Math.min(Date.parse(value.general.deviceSubmittedAt!), now.getTime())
    const dates = serverDates({ channel, deviceSubmittedAt: new Date(submittedMs).toISOString(), serverReceivedAt: now.toISOString() })
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
      phoneMasked: maskPhone(value.personal.phone),
      phone4Hash: keys.mac('phone4', `${id}|${value.personal.phone.slice(-4)}`),
      personalEnc: keys.encryptAtRest(JSON.stringify(value.personal)),
      dataKeyId: keys.dataKeyId,
      sealKid: body.personal.kid,
      general: value.general,
      agencyId,
    })
    // Another id that maps to the same tracking code (only a crafted id can): refuse, never merge.
    if ('conflict' in result)
      throw new ApiError(409, 'conflict', '申请编号冲突，请重新提交 (tracking code collision)', 'id')
    if (!result.created)
      return answerExisting(result.row, hash)
    return { status: 201, body: await response(result.row, false) }
  }

  /**
   * An application's public status for its tracking code, proven by the last four digits of the
   * phone or the device's status token. Unknown code, wrong digits, malformed input: one answer
   * (null), so a guess learns nothing.
   */
  async function track(code: string | null, proof: { phone4?: unknown, token?: unknown }): Promise<TrackApplicationResponse | null> {
    if (!code)
      return null
    const row = await findByTrackingCode(db, code)
    if (!row)
      return null
    let ok = false
    if (typeof proof.phone4 === 'string' && PHONE4.test(proof.phone4))
      ok = keys.sameMac(row.phone4Hash, keys.mac('phone4', `${row.id}|${proof.phone4}`))
    else if (typeof proof.token === 'string' && TOKEN.test(proof.token))
      ok = keys.sameMac(keys.mac('status', row.id), proof.token)
    if (!ok)
      return null
    // The id lets the applicant's device link a re-addressed application to this one (Art. 36(5)).
    return { id: row.id, ...await publicStatus(db, row), history: await applicationHistory(db, row.id), referredTo: await referredTo(db, row.id) }
  }

  return { submit, track }
}

/**
 * What a receipt and the tracking page may show of a stored application: named field by field, so
 * a column added to the summary (hashes, anything personal) never reaches an answer by accident.
 */
async function publicStatus(db: Queryable, row: StoredApplicationSummary) {
  return {
    trackingCode: row.trackingCode,
    channel: row.channel,
    status: row.status,
    deviceSubmittedAt: row.deviceSubmittedAt,
    serverReceivedAt: row.serverReceivedAt,
    receivedOn: row.receivedOn,
    dueDate: row.dueDate,
    dueDateProvisional: row.dueDateProvisional,
    agency: row.agencyId ? await agencyRef(db, row.agencyId) : null,
  }
}
