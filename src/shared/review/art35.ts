/**
 * Art. 35 of the 条例: an application whose volume or frequency is clearly beyond what is reasonable.
 * The agency may ask the applicant to state reasons; reasons judged unreasonable end in 不予处理
 * (the notProcessed.massRepeated answer, its letter in letter.ts); reasons judged reasonable, when
 * the Art. 33 limit cannot be kept, let it set a longer reasonable reply period and tell the
 * applicant. The two notices are drafted here from what staff entered, so nothing is left to fill
 * in: the server adds the applicant's real name and the agency from the directory.
 */
import type { DateString } from '../calendar'
import type { LetterAgency } from './letter'

export interface Art35LetterInput {
  agency: LetterAgency
  trackingCode: string
  receivedOn: DateString | null
  applicant: string
  date: DateString
  /** `reasons`: the request to state reasons (its text); `period`: the longer period, its date and reason. */
  notice: { kind: 'reasons', text: string } | { kind: 'period', dueDate: DateString, reason: string }
}

const zhDate = (d: DateString) => `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`
const CITE = '《中华人民共和国政府信息公开条例》第三十五条'

/** The titles of the two notices. */
export const ART35_TITLES = { reasons: '说明理由通知书', period: '延迟答复告知书' } as const

/** The notice as plain text, ready to print and send. */
export function draftArt35Letter(input: Art35LetterInput): string {
  const n = input.notice
  const received = input.receivedOn ? zhDate(input.receivedOn) : '近期'
  const body = n.kind === 'reasons'
    ? `    您申请公开政府信息的数量、频次明显超过合理范围，根据${CITE}的规定，请您说明理由：${n.text}`
    : `    经审查，您申请公开政府信息的数量、频次明显超过合理范围，您说明的理由合理，但本机关无法在《中华人民共和国政府信息公开条例》第三十三条规定的期限内答复。根据${CITE}的规定，本机关确定延迟答复的合理期限，将于${zhDate(n.dueDate)}前作出答复。理由：${n.reason}`
  return [
    input.agency.name,
    ART35_TITLES[n.kind],
    `（编号：${input.trackingCode}）`,
    '',
    `${input.applicant}：`,
    `    本机关于${received}收到您提出的政府信息公开申请。`,
    body,
    '',
    `${input.agency.name}（盖章）`,
    zhDate(input.date),
  ].join('\n')
}
