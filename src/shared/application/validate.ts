import type { NotifyPrefs } from '../notify'
// One validator for the form and the server. It reads only the fields it knows, through own data
// properties (a getter or a Proxy never runs application code), caps lengths before any pattern is
// tried, and returns a fresh, normalised object. It never throws: whatever arrives over the network
// yields either a value or a list of per-field errors in plain Chinese and English.
import type {
  ApplicantPersonal,
  ApplicantType,
  Application,
  ApplicationChannel,
  ApplicationGeneral,
  CatalogRef,
  DeliveryForm,
  DeliveryWay,
  IdType,
  OrgSubtype,
} from './schema'
import { AGENCY_ID } from '../agencies/input'
import { isInstantString } from '../calendar'
import { isApplicantNotifyChannel, isNotifyLang } from '../notify'
import { isUuidV7 } from '../submission/ids'
import { isMainlandMobile, normalizePhone } from './contact'
import { isValidResidentId, isValidUscc, toHalfWidth } from './ids'
import {
  APPLICANT_TYPES,
  APPLICATION_CHANNELS,
  APPLICATION_VERSION,
  DELIVERY_FORMS,
  DELIVERY_WAYS,
  ID_TYPES,
  APPLICATION_LIMITS as L,
  ORG_SUBTYPES,
} from './schema'

/** One problem with one field; `field` is a dotted path such as 'personal.phone' or 'general.catalogRefs.0.indexNo'. */
export interface FieldError {
  field: string
  code: string
  message: string
  messageEn: string
}

/** The validator's answer. */
export type ValidationResult<T> = { ok: true, value: T } | { ok: false, errors: FieldError[] }

/** Options for `validateApplication`. */
export interface ValidateOptions {
  /** Require `general.deviceSubmittedAt` (default true; a draft being typed has none yet). */
  requireSubmittedAt?: boolean
  /** Require `general.agencyId` (the form does; the server accepts applications queued before agencies existed). */
  requireAgency?: boolean
}

type Obj = Record<string, unknown>

// Reads an own data property only: accessors and inherited properties count as absent.
function own(obj: unknown, key: string): unknown {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj))
    return undefined
  const d = Object.getOwnPropertyDescriptor(obj, key)
  return d && 'value' in d ? d.value : undefined
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function keyOf<T extends object>(registry: T, v: unknown): keyof T | null {
  return typeof v === 'string' && Object.hasOwn(registry, v) ? (v as keyof T) : null
}

// Control characters other than tab and newline; newlines are allowed only in multi-line fields.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\v\f\u000E-\u001F\u007F\u2028\u2029]/

const NEWLINE = /[\n\r\t]/
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/

class Collector {
  errors: FieldError[] = []
  add(field: string, code: string, message: string, messageEn: string): void {
    this.errors.push({ field, code, message, messageEn })
  }

  /** A trimmed string field; null when absent or empty (and an error if required). */
  text(value: unknown, field: string, label: { zh: string, en: string }, max: number, opts: { required?: boolean, multiline?: boolean } = {}): string | null {
    if (value === undefined || value === null || value === '') {
      if (opts.required)
        this.add(field, 'required', `请填写${label.zh}。`, `Please fill in ${label.en}.`)
      return null
    }
    if (typeof value !== 'string') {
      this.add(field, 'type', `${label.zh}应为文字。`, `${label.en} must be text.`)
      return null
    }
    // A string longer than twice the limit in UTF-16 units is too long in code points too: no need to look.
    if (value.length > max * 2 + 64) {
      this.add(field, 'tooLong', `${label.zh}不能超过${max}个字。`, `${label.en} must be at most ${max} characters.`)
      return null
    }
    const s = value.normalize('NFC').replace(/\r\n?/g, '\n').trim()
    if (s === '') {
      if (opts.required)
        this.add(field, 'required', `请填写${label.zh}。`, `Please fill in ${label.en}.`)
      return null
    }
    if (CONTROL.test(s) || (!opts.multiline && NEWLINE.test(s))) {
      this.add(field, 'invalidChars', `${label.zh}含有无法识别的字符，请删除后重新填写。`, `${label.en} contains characters that are not allowed.`)
      return null
    }
    const n = [...s].length
    if (n > max) {
      this.add(field, 'tooLong', `${label.zh}不能超过${max}个字，现在是${n}个字。`, `${label.en} must be at most ${max} characters (now ${n}).`)
      return null
    }
    return s
  }

  choice<T extends object>(registry: T, value: unknown, field: string, label: { zh: string, en: string }): keyof T | null {
    if (value === undefined || value === null || value === '') {
      this.add(field, 'required', `请选择${label.zh}。`, `Please choose ${label.en}.`)
      return null
    }
    const k = keyOf(registry, value)
    if (k === null)
      this.add(field, 'invalidChoice', `${label.zh}的选项无效，请重新选择。`, `${label.en}: not a valid choice.`)
    return k
  }
}

const LABELS = {
  applicantType: { zh: '申请人类型', en: 'the applicant type' },
  orgSubtype: { zh: '组织类别', en: 'the kind of organisation' },
  name: { zh: '姓名或名称', en: 'the name' },
  contactName: { zh: '联系人', en: 'the contact person' },
  idType: { zh: '证件类型', en: 'the identity document type' },
  idNumber: { zh: '证件号码', en: 'the document number' },
  phone: { zh: '联系电话', en: 'the telephone number' },
  address: { zh: '通信地址', en: 'the postal address' },
  email: { zh: '电子邮箱', en: 'the e-mail address' },
  description: { zh: '所需信息的描述', en: 'a description of the information' },
  indexNo: { zh: '索引号', en: 'the index number' },
  docNo: { zh: '文号', en: 'the document number (文号)' },
  title: { zh: '信息名称', en: 'the title' },
  form: { zh: '获取信息的载体形式', en: 'the delivery form' },
  way: { zh: '获取信息的方式', en: 'the delivery way' },
  feeWaiverNote: { zh: '减免费用说明', en: 'the fee-waiver note' },
  channel: { zh: '申请渠道', en: 'the channel' },
  agencyId: { zh: '受理机关', en: 'the agency' },
  deviceSubmittedAt: { zh: '提交时间', en: 'the submission time' },
} as const

function checkIdNumber(c: Collector, idType: IdType | null, raw: string | null): string | null {
  if (raw === null || idType === null)
    return raw
  const field = 'personal.idNumber'
  const compact = toHalfWidth(raw).replace(/\s+/g, '').toUpperCase()
  switch (idType) {
    case 'residentId':
      if (compact.length !== 18) {
        c.add(field, 'idLength', '居民身份证号码应为18位，请核对。', 'A resident ID number has 18 characters.')
        return null
      }
      if (!isValidResidentId(compact)) {
        c.add(field, 'idChecksum', '居民身份证号码有误，请逐位核对（最后一位可能是X）。', 'This resident ID number is not valid; please check each digit (the last may be X).')
        return null
      }
      return compact
    case 'uscc':
      if (compact.length !== 18) {
        c.add(field, 'idLength', '统一社会信用代码应为18位，请核对。', 'A unified social credit code has 18 characters.')
        return null
      }
      if (!isValidUscc(compact)) {
        c.add(field, 'idChecksum', '统一社会信用代码有误，请逐位核对。', 'This unified social credit code is not valid; please check each character.')
        return null
      }
      return compact
    case 'passport':
      if (!/^[A-Z0-9]{5,20}$/.test(compact)) {
        c.add(field, 'idFormat', '护照号码应为5至20位字母或数字。', 'A passport number has 5 to 20 letters or digits.')
        return null
      }
      return compact
    case 'hkMacauPermit':
      if (!/^[HM]\d{8}(?:\d{2})?$/.test(compact)) {
        c.add(field, 'idFormat', '港澳居民来往内地通行证号码应为H或M开头加8位（或10位）数字。', 'A permit number is H or M followed by 8 (or 10) digits.')
        return null
      }
      return compact
    case 'other':
      return raw
  }
}

function validateRefs(c: Collector, raw: unknown): CatalogRef[] {
  if (raw === undefined || raw === null)
    return []
  if (!Array.isArray(raw)) {
    c.add('general.catalogRefs', 'type', '关联的目录条目格式有误。', 'Linked catalog entries must be a list.')
    return []
  }
  if (raw.length > L.catalogRefs) {
    c.add('general.catalogRefs', 'tooMany', `最多关联${L.catalogRefs}条目录信息。`, `At most ${L.catalogRefs} linked catalog entries.`)
    return []
  }
  const refs: CatalogRef[] = []
  raw.forEach((item, i) => {
    const base = `general.catalogRefs.${i}`
    if (!isObj(item)) {
      c.add(base, 'type', '关联的目录条目格式有误。', 'A linked catalog entry must be an object.')
      return
    }
    const indexNo = c.text(own(item, 'indexNo'), `${base}.indexNo`, LABELS.indexNo, L.indexNo)
    if (indexNo !== null && /\s/.test(indexNo)) {
      c.add(`${base}.indexNo`, 'idFormat', '索引号不应包含空格。', 'An index number contains no spaces.')
      return
    }
    const docNo = c.text(own(item, 'docNo'), `${base}.docNo`, LABELS.docNo, L.docNo)
    const title = c.text(own(item, 'title'), `${base}.title`, LABELS.title, L.title)
    if (indexNo === null && docNo === null && title === null) {
      c.add(base, 'emptyRef', '关联的目录条目至少需要索引号、文号或名称之一。', 'A linked entry needs an index number, a document number or a title.')
      return
    }
    refs.push({ indexNo, docNo, title })
  })
  return refs
}

/** The notification opt-in: known channels only, each once; e-mail needs the address given above. */
function validateNotify(c: Collector, raw: unknown, email: string | null, emailOk: boolean): NotifyPrefs | null {
  if (raw === undefined || raw === null)
    return null
  const channels = isObj(raw) ? own(raw, 'channels') : undefined
  if (!isObj(raw) || !Array.isArray(channels) || channels.length > 2 || !channels.every(isApplicantNotifyChannel)) {
    c.add('general.notify.channels', 'type', '通知方式有误，请重新选择。', 'Unknown notification choice; please choose again.')
    return null
  }
  const lang = own(raw, 'lang') ?? 'zh-CN'
  if (!isNotifyLang(lang)) {
    c.add('general.notify.lang', 'type', '通知语言有误。', 'Unknown notification language.')
    return null
  }
  if (channels.includes('email') && email === null && emailOk)
    c.add('personal.email', 'requiredForNotify', '选择电子邮件通知的，请填写电子邮箱。', 'Please give an e-mail address for e-mail notifications.')
  return { channels: [...new Set(channels)], lang }
}

function validate(input: unknown, opts: ValidateOptions): ValidationResult<Application> {
  const c = new Collector()
  if (!isObj(input))
    return { ok: false, errors: [{ field: '', code: 'type', message: '申请内容格式有误，请重新填写。', messageEn: 'The application is not in the expected format.' }] }
  const v = own(input, 'v')
  if (v !== undefined && v !== APPLICATION_VERSION)
    c.add('v', 'version', '申请表版本不受支持，请刷新页面后重试。', 'Unsupported application version; reload the page and try again.')
  const p = own(input, 'personal')
  const g = own(input, 'general')
  if (!isObj(p))
    c.add('personal', 'required', '请填写申请人信息。', 'Please fill in the applicant details.')
  if (!isObj(g))
    c.add('general', 'required', '请填写申请内容。', 'Please fill in the request.')
  if (!isObj(p) || !isObj(g))
    return { ok: false, errors: c.errors }

  // Who applies
  const applicantType = c.choice(APPLICANT_TYPES, own(g, 'applicantType'), 'general.applicantType', LABELS.applicantType) as ApplicantType | null
  let orgSubtype: OrgSubtype | null = null
  if (applicantType === 'organization')
    orgSubtype = c.choice(ORG_SUBTYPES, own(g, 'orgSubtype'), 'general.orgSubtype', LABELS.orgSubtype) as OrgSubtype | null
  // For a natural person a stale sub-type left over from switching the type is dropped, not an error.
  const idType = c.choice(ID_TYPES, own(g, 'idType'), 'general.idType', LABELS.idType) as IdType | null
  if (idType !== null && applicantType !== null) {
    const allowed = ID_TYPES[idType].for
    if (allowed !== 'any' && allowed !== applicantType) {
      if (applicantType === 'organization')
        c.add('general.idType', 'idTypeMismatch', '法人或其他组织请填写统一社会信用代码（没有的请选择“其他证件”）。', 'An organisation gives its unified social credit code (or "other document").')
      else
        c.add('general.idType', 'idTypeMismatch', '自然人请选择居民身份证、护照、港澳居民来往内地通行证或其他证件。', 'A natural person gives an identity card, passport, travel permit or other document.')
    }
  }

  const name = c.text(own(p, 'name'), 'personal.name', LABELS.name, L.name, { required: true })
  const contactName = c.text(own(p, 'contactName'), 'personal.contactName', LABELS.contactName, L.contactName)
  const idRaw = c.text(own(p, 'idNumber'), 'personal.idNumber', LABELS.idNumber, L.idNumber, { required: true })
  const idNumber = checkIdNumber(c, idType, idRaw)

  // Art. 29: one reachable contact, any of telephone, e-mail, postal address (contact.ts).
  let phone: string | null = null
  const phoneRaw = c.text(own(p, 'phone'), 'personal.phone', LABELS.phone, 40)
  if (phoneRaw !== null) {
    phone = normalizePhone(phoneRaw)?.value ?? null
    if (phone === null)
      c.add('personal.phone', 'phoneFormat', '电话号码格式不正确：手机如13812345678，固定电话请带区号如010-12345678，港澳台及国外号码请以+和国家或地区代码开头。', 'This is not a telephone number: a mainland mobile (13812345678), a landline with its area code (010-12345678), or +country code for Hong Kong, Macao, Taiwan and abroad.')
  }
  const address = c.text(own(p, 'address'), 'personal.address', LABELS.address, L.address)
  let email = c.text(own(p, 'email'), 'personal.email', LABELS.email, L.email)
  if (email !== null) {
    email = toHalfWidth(email)
    if (!EMAIL.test(email)) {
      c.add('personal.email', 'emailFormat', '电子邮箱格式不正确，例如 name@example.cn。', 'This is not an e-mail address (e.g. name@example.cn).')
      email = null
    }
  }

  if (phoneRaw === null && email === null && address === null && !c.errors.some(e => /^personal\.(?:phone|email|address)$/.test(e.field)))
    c.add('personal.phone', 'contactRequired', '请至少填写一种联系方式：电话、电子邮箱或通信地址。', 'Please give at least one way to reach you: a telephone number, an e-mail address or a postal address.')

  // What is asked
  const description = c.text(own(g, 'description'), 'general.description', LABELS.description, L.description, { required: true, multiline: true })
  if (description !== null && [...description].length < L.descriptionMin)
    c.add('general.description', 'tooShort', `请具体描述所需信息（至少${L.descriptionMin}个字），如文件名称、文号或内容。`, `Please describe the information (at least ${L.descriptionMin} characters): a title, document number or content.`)
  const catalogRefs = validateRefs(c, own(g, 'catalogRefs'))

  // How it is delivered
  const delivery = own(g, 'delivery')
  let form: DeliveryForm | null = null
  let way: DeliveryWay | null = null
  if (!isObj(delivery)) {
    c.add('general.delivery.form', 'required', `请选择${LABELS.form.zh}。`, `Please choose ${LABELS.form.en}.`)
    c.add('general.delivery.way', 'required', `请选择${LABELS.way.zh}。`, `Please choose ${LABELS.way.en}.`)
  }
  else {
    form = c.choice(DELIVERY_FORMS, own(delivery, 'form'), 'general.delivery.form', LABELS.form) as DeliveryForm | null
    way = c.choice(DELIVERY_WAYS, own(delivery, 'way'), 'general.delivery.way', LABELS.way) as DeliveryWay | null
  }
  // Art. 40: 查阅 and 抄录 happen at the agency, so the applicant comes in person.
  if ((form === 'inspect' || form === 'transcribe') && way !== null && way !== 'collect')
    c.add('general.delivery.way', 'wayMismatch', '查阅、抄录须到机关现场办理，请选择当面领取。', 'Inspecting or copying out happens at the agency: choose collect in person.')
  if (form === 'paper' && (way === 'email' || way === 'online'))
    c.add('general.delivery.way', 'wayMismatch', '纸质材料只能邮寄或当面领取。', 'Paper can only be posted or collected.')
  if (way === 'post' && address === null && !c.errors.some(e => e.field === 'personal.address'))
    c.add('personal.address', 'requiredForPost', '选择邮寄的，请填写通信地址。', 'Please give a postal address for delivery by post.')
  if (way === 'email' && email === null && !c.errors.some(e => e.field === 'personal.email'))
    c.add('personal.email', 'requiredForEmail', '选择电子邮件的，请填写电子邮箱。', 'Please give an e-mail address for delivery by e-mail.')

  const notify = validateNotify(c, own(g, 'notify'), email, !c.errors.some(e => e.field === 'personal.email'))
  if (notify?.channels.includes('sms') && !isMainlandMobile(phone) && !c.errors.some(e => e.field === 'personal.phone'))
    c.add('personal.phone', 'requiredForSms', '短信通知只能发到内地手机号码，请填写手机号码或改选其他通知方式。', 'Text messages go to mainland mobile numbers only: give one or choose another notification.')

  const feeWaiverNote = c.text(own(g, 'feeWaiverNote'), 'general.feeWaiverNote', LABELS.feeWaiverNote, L.feeWaiverNote, { multiline: true })
  const channel = c.choice(APPLICATION_CHANNELS, own(g, 'channel'), 'general.channel', LABELS.channel) as ApplicationChannel | null

  let deviceSubmittedAt: string | null = null
  const at = own(g, 'deviceSubmittedAt')
  if (at === undefined || at === null || at === '') {
    if (opts.requireSubmittedAt ?? true)
      c.add('general.deviceSubmittedAt', 'required', '缺少提交时间，请重新提交。', 'The submission time is missing; please submit again.')
  }
  else if (!isInstantString(at)) {
    c.add('general.deviceSubmittedAt', 'instantFormat', '提交时间格式有误，请重新提交。', 'The submission time is not a valid timestamp; please submit again.')
  }
  else {
    deviceSubmittedAt = at
  }

  // To whom: an id of the directory (whether it exists and is active is the server's question).
  let agencyId: string | null = null
  const agencyRaw = own(g, 'agencyId')
  if (agencyRaw !== undefined && agencyRaw !== null && agencyRaw !== '') {
    if (typeof agencyRaw !== 'string' || !AGENCY_ID.test(agencyRaw))
      c.add('general.agencyId', 'agencyFormat', '受理机关编号有误，请重新选择受理机关。', 'The agency id is malformed; please choose the agency again.')
    else agencyId = agencyRaw
  }
  else if (opts.requireAgency) {
    c.add('general.agencyId', 'required', `请选择${LABELS.agencyId.zh}。`, `Please choose ${LABELS.agencyId.en}.`)
  }
  let redirectedFrom: string | null = null
  const fromRaw = own(g, 'redirectedFrom')
  if (fromRaw !== undefined && fromRaw !== null && fromRaw !== '') {
    if (!isUuidV7(fromRaw))
      c.add('general.redirectedFrom', 'idFormat', '原申请编号有误。', 'The earlier application id is malformed.')
    else redirectedFrom = fromRaw
  }

  if (c.errors.length > 0)
    return { ok: false, errors: c.errors }
  const personal: ApplicantPersonal = { name: name!, idNumber: idNumber!, phone, address, email, contactName }
  const general: ApplicationGeneral = {
    applicantType: applicantType!,
    orgSubtype,
    idType: idType!,
    description: description!,
    catalogRefs,
    delivery: { form: form!, way: way! },
    feeWaiverNote,
    channel: channel!,
    deviceSubmittedAt,
    ...(agencyId ? { agencyId } : {}),
    ...(redirectedFrom ? { redirectedFrom } : {}),
    ...(notify ? { notify } : {}),
  }
  return { ok: true, value: { v: APPLICATION_VERSION, personal, general } }
}

/** Validates an application from anywhere (form, outbox, HTTP body); never throws. */
export function validateApplication(input: unknown, options: ValidateOptions = {}): ValidationResult<Application> {
  try {
    return validate(input, options)
  }
  catch {
    // A Proxy or exotic object that throws on inspection: refuse it as a whole.
    return { ok: false, errors: [{ field: '', code: 'unreadable', message: '申请内容无法读取，请重新填写。', messageEn: 'The application could not be read.' }] }
  }
}
