/**
 * The wire protocol for submitting and tracking applications (version 1). A submission carries the
 * non-personal part of the application in the clear (so the device can keep showing what was
 * asked) and the personal part sealed to the agency (seal.ts).
 */
import type { Delivery } from '../files/amendment'
import type { SealedBox } from './seal'

export const SUBMISSION_VERSION = 1 as const

/** Art. 31: a kiosk in the agency's hall is an in-person submission; a phone or browser is on-line. */
export type SubmissionChannel = 'inPerson' | 'online'

export interface SubmitApplicationRequest {
  v: typeof SUBMISSION_VERSION
  /** Client-generated UUIDv7: the idempotency key. */
  id: string
  /**
   * The non-personal part of the application (shared/application's ApplicationGeneral: what is
   * asked, how to deliver it, the channel and when submit was pressed on the device).
   */
  general: Record<string, unknown>
  /** The personal part (name, identity number, phone, address, e-mail), sealed to the agency. */
  personal: SealedBox
}

/** Where an application stands, in the order they normally happen. */
export type ApplicationStatus
  = | 'submitted' // pressed submit on a device, not yet at the agency
    | 'received' // the agency's server accepted it (Art. 31 receipt for on-line submissions)
    | 'registered' // staff registered the case
    | 'amendmentRequested' // 补正: the agency asked the applicant to amend it
    | 'extended' // the time limit was extended (Art. 33)
    | 'answered' // the agency answered; see the outcome

export interface StatusEvent {
  status: ApplicationStatus
  /** ISO instant. */
  at: string
  /** Outcome code when answered. */
  outcome?: string
  /** A short non-personal note (e.g. the extension's length). */
  note?: string
}

/** The agency an application is addressed to, as a receipt names it (null: none recorded). */
export interface AgencyRef {
  id: string
  name: string
}

/** The server's dates for an application under Art. 31 and the 20-working-day limit. */
export interface ApplicationDates {
  deviceSubmittedAt: string
  serverReceivedAt: string
  /** The statutory date of receipt (China date): the day submitted in person, else the day the server received it. */
  receivedOn: string
  /** The answer is due by this China date (20 working days after receipt). */
  dueDate: string
  /** True when the due date crosses a year the working-day calendar does not cover yet. */
  dueDateProvisional: boolean
}

export interface SubmitApplicationResponse extends ApplicationDates {
  /** Absent in answers from servers before the agency directory. */
  agency?: AgencyRef | null
  id: string
  trackingCode: string
  channel: SubmissionChannel
  status: ApplicationStatus
  /** Lets this device fetch the status later without asking the applicant for the phone digits. */
  statusToken: string
  /** True when this id had already been accepted (a retry, a replay or a second tab). */
  duplicate: boolean
  /** For a submission signed by an enrolled kiosk: a token of this contact (shared/kiosk). */
  contact?: string
}

/** One answer of POST /api/applications/status: the status, or not found (unknown code or wrong token). */
export type BatchStatusItem = (TrackApplicationResponse & { found: true }) | { trackingCode: string, found: false }

export interface TrackApplicationResponse extends ApplicationDates {
  /** Absent in answers from servers before the agency directory. */
  agency?: AgencyRef | null
  /** The application's id (present since the agency directory; a re-addressed application links to it). */
  id?: string
  trackingCode: string
  channel: SubmissionChannel
  status: ApplicationStatus
  history: StatusEvent[]
  /** Answered "not held here" naming the agency that holds it (条例 Art. 36(5)). */
  referredTo?: AgencyRef | null
  /** Once answered: the disclosed documents, the 告知书, a paper delivery's mailing number (shared/files). */
  delivery?: Delivery | null
}
