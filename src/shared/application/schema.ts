// The information-disclosure application (依申请公开, 条例 Art. 29), shared by the form in the browser
// and the server that receives it. The personal part is a separate object because the device
// encrypts it to the agency's key before it is stored in the outbox; the general part stays readable
// so that the device can show the receipt and the outbox without decrypting anything.
import type { NotifyPrefs } from '../notify'
import type { ApplicantColumn } from '../outcomes'

/** Version of the application shape. */
export const APPLICATION_VERSION = 1

/** 自然人 or 法人或其他组织. */
export const APPLICANT_TYPES = {
  natural: { zh: '自然人', en: 'Natural person' },
  organization: { zh: '法人或其他组织', en: 'Legal person or other organisation' },
} as const
/** An applicant type key. */
export type ApplicantType = keyof typeof APPLICANT_TYPES

/** The five organisation sub-types (the annual report's columns). */
export const ORG_SUBTYPES = {
  commercial: { zh: '商业企业', en: 'Commercial enterprise' },
  research: { zh: '科研机构', en: 'Research institution' },
  publicInterest: { zh: '社会公益组织', en: 'Public-interest organisation' },
  legalService: { zh: '法律服务机构', en: 'Legal service organisation' },
  other: { zh: '其他', en: 'Other organisation' },
} as const
/** An organisation sub-type key. */
export type OrgSubtype = keyof typeof ORG_SUBTYPES

/** Identity documents, and which applicant type may use each. */
export const ID_TYPES = {
  residentId: { zh: '居民身份证', en: 'Resident identity card', for: 'natural' },
  passport: { zh: '护照', en: 'Passport', for: 'natural' },
  hkMacauPermit: { zh: '港澳居民来往内地通行证', en: 'Mainland travel permit for Hong Kong and Macao residents', for: 'natural' },
  uscc: { zh: '统一社会信用代码', en: 'Unified social credit code', for: 'organization' },
  other: { zh: '其他证件', en: 'Other document', for: 'any' },
} as const
/** An identity document type key. */
export type IdType = keyof typeof ID_TYPES

/**
 * The form the information is wanted in (条例 Art. 29 (3)): paper or electronic, or, under Art. 40,
 * 查阅 (inspecting the records at the agency) and 抄录 (copying them out by hand there).
 */
export const DELIVERY_FORMS = {
  paper: { zh: '纸质', en: 'Paper' },
  electronic: { zh: '电子', en: 'Electronic' },
  inspect: { zh: '查阅', en: 'Inspect at the agency' },
  transcribe: { zh: '抄录', en: 'Copy out by hand at the agency' },
} as const
/** A delivery form key. */
export type DeliveryForm = keyof typeof DELIVERY_FORMS

/** How the answer reaches the applicant. */
export const DELIVERY_WAYS = {
  post: { zh: '邮寄', en: 'By post' },
  email: { zh: '电子邮件', en: 'By e-mail' },
  collect: { zh: '当面领取', en: 'Collect in person' },
  online: { zh: '网上获取', en: 'Online' },
} as const
/** A delivery way key. */
export type DeliveryWay = keyof typeof DELIVERY_WAYS

/**
 * Where the application was made. A kiosk in the agency's own hall is an in-person submission; a web
 * browser or phone is online; post and fax are typed in by staff.
 */
export const APPLICATION_CHANNELS = {
  inPerson: { zh: '当面', en: 'In person' },
  online: { zh: '网上', en: 'Online' },
  post: { zh: '信函', en: 'By post' },
  fax: { zh: '传真', en: 'By fax' },
} as const
/** An application channel key. */
export type ApplicationChannel = keyof typeof APPLICATION_CHANNELS

/** A catalog entry the applicant points at: any of its 索引号, 文号 or title. */
export interface CatalogRef {
  indexNo: string | null
  docNo: string | null
  title: string | null
}

/** The personal part: encrypted on the device, readable only by the agency's server. */
export interface ApplicantPersonal {
  /** Name of the person or the organisation. */
  name: string
  idNumber: string
  /**
   * A telephone number as normalizePhone stores it (contact.ts), or null: Art. 29 asks for one way
   * to reach the applicant, and an e-mail or postal address does as well. Outboxes from before
   * issue 17 always carry a mainland mobile, which is still valid.
   */
  phone: string | null
  address: string | null
  email: string | null
  /** An organisation's contact person. */
  contactName: string | null
}

/** The non-personal part: what is asked, how to deliver, where it was made. */
export interface ApplicationGeneral {
  applicantType: ApplicantType
  /** Set for organisations only. */
  orgSubtype: OrgSubtype | null
  idType: IdType
  /** The information sought (条例 Art. 29 (2)). */
  description: string
  catalogRefs: CatalogRef[]
  delivery: { form: DeliveryForm, way: DeliveryWay }
  /** Why a fee should be waived (e.g. hardship), if the applicant says so. */
  feeWaiverNote: string | null
  channel: ApplicationChannel
  /** When the applicant pressed submit on the device (ISO instant with offset). */
  deviceSubmittedAt: string | null
  /**
   * The agency the application is addressed to (src/shared/agencies). Absent only on applications
   * queued by an app version from before the directory; the server then records no agency.
   */
  agencyId?: string | null
  /**
   * Re-addressed (条例 Art. 36(5)): the id of the earlier application another agency answered with
   * "not held here, ask this agency". The new one is a separate application with its own receipt date.
   */
  redirectedFrom?: string | null
  /** Messages the applicant opted in to (SMS, e-mail) and their language; absent = none. */
  notify?: NotifyPrefs
}

/** A validated application. */
export interface Application {
  v: typeof APPLICATION_VERSION
  personal: ApplicantPersonal
  general: ApplicationGeneral
}

/** Length limits, in characters (code points). */
export const APPLICATION_LIMITS = {
  name: 100,
  contactName: 50,
  idNumber: 40,
  address: 200,
  email: 254,
  descriptionMin: 5,
  description: 2000,
  catalogRefs: 20,
  indexNo: 64,
  docNo: 100,
  title: 200,
  feeWaiverNote: 500,
} as const

/** The annual-report column an applicant is counted in. */
export function applicantColumn(type: ApplicantType, subtype: OrgSubtype | null): ApplicantColumn {
  if (type === 'natural')
    return 'natural'
  return subtype === null || subtype === 'other' ? 'otherOrg' : subtype
}
