/**
 * Art. 31 receipt dates and the answer's due date for a submission, computed with the shared
 * deadline clock, so the receipt a device prints and the server's answer agree.
 */
import type { WorkCalendar } from '../calendar'
import type { Receipt } from '../clock'
import type { ApplicationDates, SubmissionChannel } from './protocol'
import { chinaDate, defaultWorkCalendar } from '../calendar'
import { CASE_EVENT_VERSION, computeClock } from '../clock'

/**
 * Dates of a submission. For an in-person (kiosk) submission the receipt date is the day the
 * citizen pressed submit, known at once; for an on-line one it is the day the server accepted it,
 * so before sync `serverReceivedAt` is unknown and so are the receipt and due dates.
 */
export function submissionDates(
  input: { channel: SubmissionChannel, deviceSubmittedAt: string, serverReceivedAt?: string },
  calendar: WorkCalendar = defaultWorkCalendar(),
): { receivedOn: string | null, dueDate: string | null, dueDateProvisional: boolean } {
  let receipt: Receipt
  if (input.channel === 'inPerson')
    receipt = { channel: 'inPerson', submittedAt: input.deviceSubmittedAt, ...(input.serverReceivedAt ? { serverReceivedAt: input.serverReceivedAt } : {}) }
  else if (input.serverReceivedAt)
    receipt = { channel: 'online', serverReceivedAt: input.serverReceivedAt, deviceSubmittedAt: input.deviceSubmittedAt }
  else
    return { receivedOn: null, dueDate: null, dueDateProvisional: false }
  const clock = computeClock([{ v: CASE_EVENT_VERSION, type: 'received', receipt }], { calendar, today: chinaDate(input.deviceSubmittedAt) })
  return { receivedOn: clock.receiptDate, dueDate: clock.dueDate, dueDateProvisional: clock.provisional }
}

/** The server's full dates once it has received the application. */
export function serverDates(
  input: { channel: SubmissionChannel, deviceSubmittedAt: string, serverReceivedAt: string },
  calendar?: WorkCalendar,
): ApplicationDates {
  const d = submissionDates(input, calendar)
  return {
    deviceSubmittedAt: input.deviceSubmittedAt,
    serverReceivedAt: input.serverReceivedAt,
    receivedOn: d.receivedOn!,
    dueDate: d.dueDate!,
    dueDateProvisional: d.dueDateProvisional,
  }
}
