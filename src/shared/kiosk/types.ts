/** The kiosk API's shapes, shared by the device, the staff pages and the server. */
import type { ReceiptFlag } from './claim'

/** A kiosk as staff see it in the list. */
export interface KioskInfo {
  id: string
  name: string
  hall: string
  /** Ids of active agencies of the directory, in order: the first is the one the kiosk's apply form pre-selects. */
  agencies: string[]
  state: 'pending' | 'enrolled' | 'revoked' | 'expired'
  createdAt: string
  createdBy: string | null
  enrolledAt: string | null
  revokedAt: string | null
  revokedBy: string | null
  lastContactAt: string | null
  /** While pending: when the one-time code stops working. */
  codeExpiresAt: string | null
}

/** POST /api/staff/kiosks: a new kiosk, waiting for a device to use the one-time code. */
export interface CreateKioskResponse {
  kiosk: KioskInfo
  /** The one-time enrolment code, shown once (grouped for reading aloud: 'ABCD-EFGH'). */
  code: string
  /** Path a device opens to enrol with the code filled in (the QR code carries it). */
  path: string
}

/** What a device keeps about itself after enrolment. */
export interface KioskIdentity {
  id: string
  name: string
  hall: string
  agencies: string[]
  enrolledAt: string
}

/** POST /api/kiosks/enrol and /api/kiosks/:id/heartbeat answers. */
export interface KioskContactResponse {
  kiosk: KioskIdentity
  revoked: boolean
  /** A token of this contact, signed into the kiosk's next submissions. */
  contact: string | null
}

/** An application whose claimed in-person time the server did not believe. */
export interface FlaggedReceipt {
  id: string
  trackingCode: string
  kioskId: string | null
  kioskName: string | null
  claimedSubmittedAt: string
  serverReceivedAt: string
  receivedOn: string
  flag: ReceiptFlag
}
