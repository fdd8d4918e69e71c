// A case's history as a versioned discriminated union: every staff action and every arrival is an
// event, and the deadline clock is a pure function of them. Times are ISO instants with an offset
// (or plain China dates 'YYYY-MM-DD' where only the day is known, e.g. a postal signature).
import type { OutcomeCode } from '../outcomes'

/** Version of the event shapes below; bump and keep the old shape when a field changes meaning. */
export const CASE_EVENT_VERSION = 1

/** An ISO 8601 instant with offset ('2025-01-20T09:30:00+08:00'), or a China date 'YYYY-MM-DD'. */
export type Instant = string

/** How the application arrived, with the dates Art. 31 needs for each channel. */
export type Receipt
  /** Handed in at the agency, including a kiosk in the agency's own hall: received the day it is submitted. */
  = | { channel: 'inPerson', submittedAt: Instant, serverReceivedAt?: Instant }
  /** By post: received the day the agency signs for it (ordinary letters: the day receipt is confirmed). */
    | { channel: 'post', signedForAt: Instant }
  /** Internet (web, phone app): received the day both sides confirm, i.e. when the server accepts it. */
    | { channel: 'online', serverReceivedAt: Instant, deviceSubmittedAt?: Instant }
  /** Fax: received the day both sides confirm receipt. */
    | { channel: 'fax', confirmedAt: Instant }

/** The receipt channels. */
export type ReceiptChannel = Receipt['channel']

/** A supervisor's recorded approval (extensions need one, Art. 33). */
export interface Approval {
  /** Staff id of the approving head of the disclosure office. */
  by: string
  at: Instant
}

interface Base { v: typeof CASE_EVENT_VERSION }

/** Something that happened to a case. */
export type CaseEvent
  = | Base & { type: 'received', receipt: Receipt }
  /** 补正: ask once for all amendments; `replyWithinWorkingDays` is the time the notice gives the applicant. */
    | Base & { type: 'amendmentRequested', at: Instant, replyWithinWorkingDays?: number }
  /** The amended application arrived: the reply clock restarts from this day. */
    | Base & { type: 'amendmentReceived', at: Instant }
  /** Extension by up to 20 working days in total, approved by a supervisor. */
    | Base & { type: 'extended', at: Instant, workingDays: number, approval: Approval | null, reason?: string }
  /**
   * Consultation (征求意见) of a third party (Art. 32) or of another agency that made the information
   * jointly (Art. 34): the clock pauses until it ends or lapses. `at` is the day the request went
   * out; `receivedAt` the day the consulted party received it, from which its 15 working days run.
   */
    | Base & { type: 'consultationStarted', at: Instant, party: 'thirdParty' | 'agency', ref?: string, receivedAt?: Instant }
  /** The consulted party's receipt of the request, recorded later (e.g. a postal return receipt). */
    | Base & { type: 'consultationReceived', at: Instant, ref?: string }
    | Base & { type: 'consultationEnded', at: Instant, ref?: string }
  /**
   * Art. 35: the applicant's volume or frequency is clearly beyond reason, the reasons given were
   * judged reasonable, and the agency sets a longer reasonable reply period: `dueDate` (a China
   * date later than the statutory one) replaces the Art. 33 due date; `reason` is what was told.
   */
    | Base & { type: 'reasonablePeriod', at: Instant, dueDate: string, reason: string }
  /** Information-processing fee notice (国办函〔2020〕109号): 20 working days to pay. */
    | Base & { type: 'feeNotice', at: Instant, amountYuan: number }
    | Base & { type: 'feePaid', at: Instant }
  /** The agency's answer, with its outcome for the annual report. */
    | Base & { type: 'answered', at: Instant, outcome: OutcomeCode }
