/**
 * The applicant's keyed identity across applications (migration 026): an HMAC under the server's MAC
 * key of the identity document's type and normalised number. It lets the server count one
 * applicant's applications (the 按件 fee of 国办函〔2020〕109号, staff/fees/count.ts) without ever
 * storing or comparing the plain number.
 */
import type { ServerKeys } from '../platform/keys'

/** Spaces dropped and letters upper-cased (the trailing x of a 身份证号 is written both ways). */
export function applicantKey(keys: Pick<ServerKeys, 'mac'>, idType: string, idNumber: string): string {
  return keys.mac('applicant', `${idType}|${idNumber.replace(/\s+/g, '').toUpperCase()}`)
}
