import type { SealedBox } from '../submission/seal'
// The applicant's answer to a 补正 request (version 1): queued in the device's outbox like an
// application and sent when online. The text and the files are sealed to the agency key together
// (bound to the amendment's id), so a kiosk's outbox never holds a readable photo of someone's
// papers; the tracking code and the proof of the right to answer (the device's status token or the
// phone's last four digits) travel in the clear beside it, as a tracking look-up does.
import type { CaseFileRef } from './files'

export const AMENDMENT_VERSION = 1 as const

/** How the applicant proves the right to an application: the device's status token or the phone's last four digits. */
export type AmendmentProof = { token: string } | { phone4: string }

/** What is sealed: the applicant's text and files (base64url bytes). */
export interface AmendmentContent {
  text: string
  files: { name: string, data: string }[]
}

export interface SubmitAmendmentRequest {
  v: typeof AMENDMENT_VERSION
  /** Client-generated UUIDv7: the idempotency key. */
  id: string
  /** The device's status token for the application, or … */
  token?: string
  /** … the last four digits of the applicant's phone. */
  phone4?: string
  sealed: SealedBox
}

export interface SubmitAmendmentResponse {
  id: string
  /** ISO instant the server received it: the day the reply clock restarts from. */
  receivedAt: string
  /** True when this id had already been accepted (a retry). */
  duplicate: boolean
}

/** The longest sealed 补正 (base64url characters of ciphertext): 10 MB of files plus text, encoded twice. */
export const AMENDMENT_SEALED_MAX = 19 * 1024 * 1024

/** What an answered application delivers on the tracking page. */
export interface Delivery {
  /** The documents disclosed with the answer. */
  documents: CaseFileRef[]
  /** Whether the 告知书 (the answer letter) can be downloaded. */
  letter: boolean
  /** The postal tracking number of a paper delivery, once staff recorded it. */
  mailingNumber: string | null
}

/** A case's files as the staff case page shows them (GET /api/staff/applications/:id/files). */
export interface CaseFilesResponse {
  /** The applicant's 补正 answers from the app, oldest first, each with its files. */
  amendments: { id: string, text: string, receivedAt: string, files: CaseFileRef[] }[]
  /** The documents attached to the answer. */
  answer: CaseFileRef[]
  mailingNumber: string | null
}
