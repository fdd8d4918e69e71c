/** Shapes of the application records kept on the device (drafts and the outbox). */
import type { FieldError } from '~/shared/application'
import type { Delivery } from '~/shared/files'
import type { KioskSubmissionProof } from '~/shared/kiosk'
import type { ApplicationStatus, SealedBox, StatusEvent, SubmissionChannel } from '~/shared/submission'

/**
 * Where an application stands on this device:
 * - queued: waiting to be sent (sealed personal data on board);
 * - rejected: the server refused it (4xx); kept, with the reasons, until the user corrects and resends;
 * - sent: the agency's server accepted it; the personal data is gone from the device.
 */
export type OutboxState = 'queued' | 'rejected' | 'sent'

export interface StoredApplication {
  /** UUIDv7, made on the device: the idempotency key. */
  id: string
  state: OutboxState
  trackingCode: string
  channel: SubmissionChannel
  /** When submit was pressed (ISO). */
  createdAt: string
  /** The non-personal part (what was asked, how to deliver it): kept for the receipt and the list. */
  general: Record<string, unknown>
  /** The personal part sealed to the agency; removed once the server has it. */
  personal?: SealedBox
  /** An enrolled kiosk's signature over this submission (sync/kiosk.ts); sent with it, byte for byte. */
  kiosk?: KioskSubmissionProof
  attempts: number
  /** Epoch ms before which the drain leaves this one alone (backoff, Retry-After). */
  nextAttemptAt: number
  lastError?: string
  /** The server's reasons for a 4xx, shown next to the fields to correct. */
  rejection?: { code: string, message: string, errors: FieldError[] }
  /** From the server's 2xx. */
  serverReceivedAt?: string
  receivedOn?: string
  dueDate?: string
  dueDateProvisional?: boolean
  statusToken?: string
  status: ApplicationStatus
  history?: StatusEvent[]
  /** Once answered: the documents and letter to download, a paper delivery's mailing number. */
  delivery?: Delivery | null
  statusCheckedAt?: string
}

/** A form being filled in: the general part in the clear, the personal part encrypted with the device key. */
export interface DraftRow {
  id: string
  updatedAt: string
  general: Record<string, unknown>
  personalIv?: Uint8Array
  personalCt?: ArrayBuffer
}
