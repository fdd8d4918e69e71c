/**
 * Correction requests (更正申请, 条例 Art. 41): a citizen, legal person or other organisation with
 * evidence that a record an agency holds about them is inaccurate may ask the agency to correct it.
 * The agency with power to correct corrects it when verified and tells the applicant; a request
 * outside its functions it may transfer to the agency with that power, or tell the applicant which
 * agency to ask. Its own case type: not a disclosure application, no row in the annual report's
 * table 3 (docs/law.md), its own small table on the statistics page.
 */
import type { Label } from '../label'
import { isValidResidentId, isValidUscc } from '../application/ids'

/** The answers to a correction request, with their names. */
export const CORRECTION_OUTCOMES = {
  corrected: { zh: '已予更正', en: 'Corrected' },
  notVerified: { zh: '经核实不予更正', en: 'Not corrected: not verified' },
  notOurs: { zh: '不属于本机关职能范围', en: 'Not this agency\'s record' },
} as const satisfies Record<string, Label>

export type CorrectionOutcome = keyof typeof CORRECTION_OUTCOMES
export const CORRECTION_OUTCOME_CODES = Object.keys(CORRECTION_OUTCOMES) as CorrectionOutcome[]

/** Where a correction request stands, as the applicant and staff see it. */
export const CORRECTION_STATUS = {
  received: { zh: '已收到，待处理', en: 'Received' },
  answered: { zh: '已答复', en: 'Answered' },
} as const satisfies Record<string, Label>

export type CorrectionStatus = keyof typeof CORRECTION_STATUS

/** What the citizen sends (online only: docs/law.md says why it is not queued offline). */
export interface CorrectionRequestInput {
  v: 1
  /** Client-generated UUIDv7: a retry is the same request. */
  id: string
  agencyId: string
  /** Which record is inaccurate (the document, register or page, and what it says). */
  record: string
  /** What is correct. */
  correction: string
  /** The evidence, described (documents to be shown or sent to the agency). */
  evidence?: string
  personal: { name: string, idType: 'residentId' | 'uscc' | 'other', idNumber: string, phone?: string, email?: string }
}

export const CORRECTION_LIMITS = { name: 50, idNumber: 40, record: 2000, correction: 2000, evidence: 2000, phone: 30, email: 100 } as const

/** A field the request gets wrong, with a message in both languages. */
export interface CorrectionProblem { field: string, zh: string, en: string }

const text = (v: unknown, max: number) => typeof v === 'string' && v.trim() !== '' && [...v].length <= max

/** The first problem of a correction request, or null (the server's check; the form shows the same). */
export function checkCorrection(input: Omit<CorrectionRequestInput, 'v' | 'id'>): CorrectionProblem | null {
  const L = CORRECTION_LIMITS
  if (!text(input.agencyId, 64))
    return { field: 'agencyId', zh: '请选择收到更正申请的机关。', en: 'Choose the agency.' }
  if (!text(input.record, L.record))
    return { field: 'record', zh: `请说明哪一项记录不准确（不超过${L.record}字）。`, en: 'Say which record is inaccurate.' }
  if (!text(input.correction, L.correction))
    return { field: 'correction', zh: `请说明正确的内容（不超过${L.correction}字）。`, en: 'Say what is correct.' }
  if (input.evidence !== undefined && input.evidence !== '' && !text(input.evidence, L.evidence))
    return { field: 'evidence', zh: `证据说明不超过${L.evidence}字。`, en: 'The evidence is too long.' }
  const p = input.personal
  if (!p || !text(p.name, L.name))
    return { field: 'personal.name', zh: '请填写申请人姓名或名称。', en: 'Give your name.' }
  const id = typeof p.idNumber === 'string' ? p.idNumber.replace(/\s+/g, '').toUpperCase() : ''
  if (p.idType === 'residentId' ? !isValidResidentId(id) : p.idType === 'uscc' ? !isValidUscc(id) : p.idType !== 'other' || !text(id, L.idNumber))
    return { field: 'personal.idNumber', zh: '证件号码有误，请逐位核对。', en: 'The ID number is not valid.' }
  const phone = p.phone?.trim() ?? ''
  const email = p.email?.trim() ?? ''
  if (!phone && !email)
    return { field: 'personal.phone', zh: '请至少留一种联系方式（电话或电子邮箱）。', en: 'Give a phone number or an e-mail address.' }
  if (phone && !/^\+?[\d\s()-]{5,30}$/.test(phone))
    return { field: 'personal.phone', zh: '电话号码有误。', en: 'The phone number is not valid.' }
  if (email && !/^[^\s@]{1,64}@[^\s@][^\s.@]*\.[^\s@]+$/.test(email))
    return { field: 'personal.email', zh: '电子邮箱有误。', en: 'The e-mail address is not valid.' }
  return null
}

/** One year's correction requests for the statistics page: received, and answered by outcome (open: not yet answered). */
/** A correction request as the staff API returns it (personal data masked; the letter once answered). */
export interface CorrectionView {
  id: string
  trackingCode: string
  agencyId: string | null
  agencyName: string | null
  serverReceivedAt: string
  receivedOn: string
  nameMasked: string
  record: string
  correction: string
  evidence: string | null
  status: CorrectionStatus
  outcome: CorrectionOutcome | null
  referAgencyId: string | null
  referAgencyName: string | null
  transferred: boolean | null
  letter: string | null
  answeredOn: string | null
}

export interface CorrectionStatistics {
  year: number
  received: number
  byOutcome: Record<CorrectionOutcome, number>
  open: number
}

/** The agency named in a letter (from the directory). */
export interface CorrectionLetterAgency { name: string, officePhone?: string | null, officeAddress?: string | null }

export interface CorrectionLetterInput {
  agency: CorrectionLetterAgency
  trackingCode: string
  receivedOn: string
  applicant: string
  record: string
  correction: string
  outcome: CorrectionOutcome
  /** notOurs: the agency with power to correct, and whether the request was transferred to it. */
  referTo?: CorrectionLetterAgency | null
  transferred?: boolean
  /** notVerified: why (what staff found). */
  reason?: string
  date: string
}

const zhDate = (d: string) => `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`
const ART41 = '《中华人民共和国政府信息公开条例》第四十一条'

/** The letter answering a correction request (one per outcome), citing Art. 41. */
export function draftCorrectionLetter(i: CorrectionLetterInput): string {
  const ref = i.referTo
  const contact = ref ? [ref.officePhone ? `电话：${ref.officePhone}` : null, ref.officeAddress ? `地址：${ref.officeAddress}` : null].filter(Boolean).join('，') : ''
  const body = i.outcome === 'corrected'
    ? `经审核，您提出的更正申请属实，根据${ART41}的规定，本机关已将上述记录更正为：“${i.correction}”。`
    : i.outcome === 'notVerified'
      ? `经审核，您提供的证据不能证明上述记录不准确${i.reason ? `（${i.reason}）` : ''}，根据${ART41}的规定，本机关不予更正。`
      : i.transferred
        ? `经审核，更正上述记录不属于本机关职能范围，根据${ART41}的规定，本机关已将您的更正申请转送有权更正的${ref?.name ?? ''}处理${contact ? `（联系方式：${contact}）` : ''}。`
        : `经审核，更正上述记录不属于本机关职能范围，根据${ART41}的规定，请您向有权更正的${ref?.name ?? ''}提出${contact ? `（联系方式：${contact}）` : ''}。`
  return [
    i.agency.name,
    '政府信息更正申请答复书',
    `（编号：${i.trackingCode}）`,
    '',
    `${i.applicant}：`,
    `    本机关于${zhDate(i.receivedOn)}收到您提出的政府信息更正申请，认为“${i.record}”的记录不准确，要求更正为“${i.correction}”。`,
    `    ${body}`,
    '    如对本答复不服，可以自收到本答复书之日起六十日内依法申请行政复议，或者自收到本答复书之日起六个月内依法向人民法院提起行政诉讼。',
    '',
    `${i.agency.name}（盖章）`,
    zhDate(i.date),
  ].join('\n')
}
