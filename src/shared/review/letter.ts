// The reply letter (政府信息公开申请答复告知书): a first draft generated from the outcome, which staff
// edit before answering. The wording per outcome cites the article of the 2019 条例 it rests on;
// agencies differ in phrasing, so this is only the starting text and the edited letter is stored.
import type { DateString } from '../calendar'
import type { OutcomeCode } from '../outcomes'
import { OUTCOMES } from '../outcomes'

export interface LetterInput {
  agency: string
  trackingCode: string
  /** Date of receipt under Art. 31. */
  receivedOn: DateString | null
  /** The information sought, as the applicant described it. */
  description: string
  outcome: OutcomeCode
  /** Date of the letter. */
  date: DateString
  /** The applicant's name (masked unless staff revealed it). */
  applicant: string
}

const BODY: Partial<Record<OutcomeCode, string>> = {
  'granted': '经审查，您申请获取的政府信息属于公开范围，根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，现予以公开，相关信息见附件。',
  'partial': '经审查，您申请获取的政府信息中部分内容属于不予公开的范围，根据《中华人民共和国政府信息公开条例》第三十七条的规定，本机关对可以公开的部分予以提供，对不予公开的内容说明理由如下：【请填写理由】。',
  'unable.notHeld': '经检索查找，本机关未制作或获取您申请的政府信息，根据《中华人民共和国政府信息公开条例》第三十六条第（四）项的规定，告知如下：该政府信息不存在。',
  'unable.needsCreation': '经审查，您申请的信息需要本机关对现有政府信息进行加工、分析，根据《中华人民共和国政府信息公开条例》第三十八条的规定，本机关不予提供。',
  'unable.stillUnclear': '经审查，您补正后的申请内容仍不明确，根据《中华人民共和国政府信息公开条例》第三十条的规定，本机关无法提供。',
  'other.amendmentOverdue': '本机关已于前期向您发出补正通知，您无正当理由逾期未补正，根据《中华人民共和国政府信息公开条例》第三十条的规定，视为放弃申请，本机关不再处理该政府信息公开申请。',
  'other.feeUnpaid': '本机关已向您发出收费通知，您逾期未缴纳信息处理费，根据《政府信息公开信息处理费管理办法》的规定，视为放弃申请，本机关不再处理该政府信息公开申请。',
}

function defaultBody(outcome: OutcomeCode): string {
  const o = OUTCOMES[outcome]
  if (o.group === 'denied')
    return `经审查，您申请获取的政府信息${o.zh}，根据《中华人民共和国政府信息公开条例》第三十六条第（三）项的规定，本机关不予公开。理由：【请填写理由】。`
  if (o.group === 'notProcessed')
    return `经审查，您的申请属于“${o.zh}”的情形，根据《中华人民共和国政府信息公开条例》第三十九条的规定，本机关不作为政府信息公开申请处理。`
  return `经审查，${o.zh}。【请填写处理情况】`
}

/** The first draft of the letter, as plain text ready for editing and printing. */
export function draftReplyLetter(input: LetterInput): string {
  const [y, m, d] = input.date.split('-')
  const received = input.receivedOn ? `${input.receivedOn.slice(0, 4)}年${Number(input.receivedOn.slice(5, 7))}月${Number(input.receivedOn.slice(8, 10))}日` : '【收到日期】'
  return [
    `${input.agency}`,
    '政府信息公开申请答复告知书',
    `（编号：${input.trackingCode}）`,
    '',
    `${input.applicant}：`,
    `    本机关于${received}收到您提出的政府信息公开申请，申请获取“${input.description}”的相关信息。`,
    `    ${BODY[input.outcome] ?? defaultBody(input.outcome)}`,
    '    如对本答复不服，可以自收到本告知书之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。',
    '',
    `${input.agency}`,
    `${y}年${Number(m)}月${Number(d)}日`,
  ].join('\n')
}
