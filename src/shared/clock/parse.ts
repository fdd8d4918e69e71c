// Checking a case event that arrives as untrusted JSON (a staff action posted to the server, a row read
// back from storage) before it joins a case's history. Like the application validator it never
// throws and returns a fresh object holding only the known fields.
import type { FieldError, ValidationResult } from '../application'
import type { OutcomeCode } from '../outcomes'
import type { CaseEvent, Receipt } from './events'
import { isDateString, isInstantString } from '../calendar'
import { isOutcomeCode } from '../outcomes'
import { CASE_EVENT_VERSION } from './events'

type Obj = Record<string, unknown>

function own(obj: Obj, key: string): unknown {
  const d = Object.getOwnPropertyDescriptor(obj, key)
  return d && 'value' in d ? d.value : undefined
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

const isWhen = (v: unknown): v is string => isInstantString(v) || isDateString(v)

function shortText(v: unknown, max: number): v is string {
  return typeof v === 'string' && v.trim() !== '' && v.length <= max
}

/** Validates one case event from untrusted input; never throws. */
export function validateCaseEvent(input: unknown): ValidationResult<CaseEvent> {
  const errors: FieldError[] = []
  const bad = (field: string, message: string, messageEn: string) => errors.push({ field, code: 'invalid', message, messageEn })
  try {
    if (!isObj(input))
      return { ok: false, errors: [{ field: '', code: 'type', message: '事件格式有误。', messageEn: 'Not an event object.' }] }
    if (own(input, 'v') !== CASE_EVENT_VERSION)
      bad('v', '事件版本不受支持。', 'Unsupported event version.')
    const type = own(input, 'type')
    const at = own(input, 'at')
    const when = (field: string, v: unknown) => {
      if (!isWhen(v))
        bad(field, '时间格式有误（需要带时区的时间或日期）。', 'Expected an instant with offset or a date YYYY-MM-DD.')
      return v as string
    }
    const ref = own(input, 'ref')
    if (ref !== undefined && !shortText(ref, 100))
      bad('ref', '引用编号无效。', 'Invalid reference.')
    const refPart = typeof ref === 'string' ? { ref } : {}
    let event: CaseEvent | null = null
    const v = CASE_EVENT_VERSION
    switch (type) {
      case 'received': {
        const r = own(input, 'receipt')
        if (!isObj(r)) {
          bad('receipt', '缺少收到方式与时间。', 'The receipt is missing.')
          break
        }
        const channel = own(r, 'channel')
        const optional = (key: string) => {
          const x = own(r, key)
          return x === undefined ? {} : { [key]: when(`receipt.${key}`, x) }
        }
        let receipt: Receipt | null = null
        if (channel === 'inPerson')
          receipt = { channel, submittedAt: when('receipt.submittedAt', own(r, 'submittedAt')), ...optional('serverReceivedAt') }
        else if (channel === 'post')
          receipt = { channel, signedForAt: when('receipt.signedForAt', own(r, 'signedForAt')) }
        else if (channel === 'online')
          receipt = { channel, serverReceivedAt: when('receipt.serverReceivedAt', own(r, 'serverReceivedAt')), ...optional('deviceSubmittedAt') }
        else if (channel === 'fax')
          receipt = { channel, confirmedAt: when('receipt.confirmedAt', own(r, 'confirmedAt')) }
        else
          bad('receipt.channel', '收到方式无效。', 'Unknown receipt channel.')
        if (receipt)
          event = { v, type, receipt }
        break
      }
      case 'amendmentRequested': {
        const n = own(input, 'replyWithinWorkingDays')
        if (n !== undefined && !(Number.isInteger(n) && (n as number) > 0 && (n as number) <= 60))
          bad('replyWithinWorkingDays', '补正期限应为1至60个工作日。', 'The amendment period must be 1 to 60 working days.')
        event = { v, type, at: when('at', at), ...(n === undefined ? {} : { replyWithinWorkingDays: n as number }) }
        break
      }
      case 'amendmentReceived':
      case 'feePaid':
        event = { v, type, at: when('at', at) }
        break
      case 'consultationEnded':
        event = { v, type, at: when('at', at), ...refPart }
        break
      case 'consultationStarted': {
        const party = own(input, 'party')
        if (party !== 'thirdParty' && party !== 'agency')
          bad('party', '征求意见对象无效。', 'The consulted party must be thirdParty or agency.')
        const receivedAt = own(input, 'receivedAt')
        event = { v, type, at: when('at', at), party: party as 'thirdParty' | 'agency', ...refPart, ...(receivedAt === undefined ? {} : { receivedAt: when('receivedAt', receivedAt) }) }
        break
      }
      case 'consultationReceived':
        event = { v, type, at: when('at', at), ...refPart }
        break
      case 'extended': {
        const days = own(input, 'workingDays')
        if (!(Number.isInteger(days) && (days as number) >= 1 && (days as number) <= 20))
          bad('workingDays', '延期应为1至20个工作日。', 'An extension is 1 to 20 working days.')
        const approval = own(input, 'approval')
        let checked: { by: string, at: string } | null = null
        if (!isObj(approval) || !shortText(own(approval, 'by'), 100))
          bad('approval', '延期须记录负责人同意。', 'An extension needs a recorded approval.')
        else
          checked = { by: own(approval, 'by') as string, at: when('approval.at', own(approval, 'at')) }
        const reason = own(input, 'reason')
        if (reason !== undefined && !shortText(reason, 500))
          bad('reason', '延期理由不超过500字。', 'The reason is at most 500 characters.')
        event = { v, type, at: when('at', at), workingDays: days as number, approval: checked, ...(typeof reason === 'string' ? { reason } : {}) }
        break
      }
      case 'reasonablePeriod': {
        const dueDate = own(input, 'dueDate')
        if (!isDateString(dueDate))
          bad('dueDate', '答复期限须为日期。', 'The reply date must be a date YYYY-MM-DD.')
        const reason = own(input, 'reason')
        if (!shortText(reason, 1000))
          bad('reason', '须说明确定合理期限的理由（不超过1000字）。', 'A reason (at most 1000 characters) is required.')
        event = { v, type, at: when('at', at), dueDate: dueDate as string, reason: reason as string }
        break
      }
      case 'feeNotice': {
        const amount = own(input, 'amountYuan')
        if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0 || amount > 1e7)
          bad('amountYuan', '收费金额无效。', 'Invalid fee amount.')
        event = { v, type, at: when('at', at), amountYuan: amount as number }
        break
      }
      case 'answered': {
        const outcome = own(input, 'outcome')
        if (!isOutcomeCode(outcome))
          bad('outcome', '办理结果无效。', 'Unknown outcome.')
        event = { v, type, at: when('at', at), outcome: outcome as OutcomeCode }
        break
      }
      default:
        bad('type', '事件类型无效。', 'Unknown event type.')
    }
    if (errors.length > 0 || event === null)
      return { ok: false, errors }
    return { ok: true, value: event }
  }
  catch {
    return { ok: false, errors: [{ field: '', code: 'unreadable', message: '事件无法读取。', messageEn: 'The event could not be read.' }] }
  }
}
