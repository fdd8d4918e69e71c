// The reply letter (政府信息公开申请答复告知书): a first draft generated from the outcome, which staff
// edit before answering. Each outcome cites the article of the 2019 条例 (Order No. 711) it rests on
// (LETTER_BASIS, docs/law.md); agencies differ in phrasing, so this is only the starting text and
// the edited letter is stored. What staff must still decide is left as a 【请填写…】 placeholder,
// and the server refuses to send a letter that still has one (letterPlaceholders).
import type { DateString } from '../calendar'
import type { OutcomeCode } from '../outcomes'

/** The agency as its letters name it: from the directory (src/shared/agencies). */
export interface LetterAgency {
  name: string
  officeName?: string | null
  officeAddress?: string | null
  officePhone?: string | null
}

export interface LetterInput {
  agency: LetterAgency
  trackingCode: string
  /** Date of receipt under Art. 31. */
  receivedOn: DateString | null
  /** The information sought, as the applicant described it. */
  description: string
  outcome: OutcomeCode
  /** Date of the letter. */
  date: DateString
  /** The applicant's real name (revealed for the letter, audited); null leaves a placeholder. */
  applicant: string | null
  /** Art. 36(5): the agency that holds the information, when `outcome` is unable.notHeld and it is known. */
  referTo?: LetterAgency | null
}

/** The legal basis a letter cites: the article in Chinese and its short English form. */
export interface LetterBasis { zh: string, en: string }

const A = '《中华人民共和国政府信息公开条例》'

/**
 * The article each outcome rests on. 36(3) covers every 不予公开 reason; the reason's own article
 * (14: secrets, prohibited by law, 三安全一稳定; 15: third parties; 16: internal affairs, process
 * information, enforcement files) is cited with it. 行政查询事项 is answered under 36(7) (another law
 * governs access), not as 不予公开. 本机关不掌握 is 36(5) when the holder is named, else 36(4).
 */
export const LETTER_BASIS: Record<OutcomeCode, LetterBasis> = {
  'granted': { zh: '第三十六条第（二）项', en: 'Art. 36(2)' },
  'partial': { zh: '第三十六条第（二）项、第三十七条', en: 'Arts. 36(2), 37' },
  'denied.stateSecret': { zh: '第十四条、第三十六条第（三）项', en: 'Arts. 14, 36(3)' },
  'denied.lawProhibited': { zh: '第十四条、第三十六条第（三）项', en: 'Arts. 14, 36(3)' },
  'denied.securityStability': { zh: '第十四条、第三十六条第（三）项', en: 'Arts. 14, 36(3)' },
  'denied.thirdParty': { zh: '第十五条、第三十二条、第三十六条第（三）项', en: 'Arts. 15, 32, 36(3)' },
  'denied.internalAffairs': { zh: '第十六条第一款、第三十六条第（三）项', en: 'Arts. 16(1), 36(3)' },
  'denied.process': { zh: '第十六条第二款、第三十六条第（三）项', en: 'Arts. 16(2), 36(3)' },
  'denied.enforcementFile': { zh: '第十六条第二款、第三十六条第（三）项', en: 'Arts. 16(2), 36(3)' },
  'denied.adminQuery': { zh: '第三十六条第（七）项', en: 'Art. 36(7)' },
  'unable.notHeld': { zh: '第三十六条第（四）项', en: 'Art. 36(4)' },
  'unable.needsCreation': { zh: '第三十八条', en: 'Art. 38' },
  'unable.stillUnclear': { zh: '第三十条', en: 'Art. 30' },
  'notProcessed.complaint': { zh: '第三十九条第一款', en: 'Art. 39(1)' },
  'notProcessed.duplicate': { zh: '第三十六条第（六）项', en: 'Art. 36(6)' },
  'notProcessed.publication': { zh: '第三十九条第二款', en: 'Art. 39(2)' },
  'notProcessed.massRepeated': { zh: '第三十五条', en: 'Art. 35' },
  // The 条例 has no clause of its own for this template row; agencies answer it as not an
  // application for disclosure (Art. 39) and tell the applicant where the original came from.
  'notProcessed.confirmOrReissue': { zh: '第三十九条', en: 'Art. 39' },
  'other.amendmentOverdue': { zh: '第三十条', en: 'Art. 30' },
  'other.feeUnpaid': { zh: '第四十二条', en: 'Art. 42' },
  'other.other': { zh: '【请填写依据】', en: '(to be filled in)' },
}

/** Art. 36(5) when an unable.notHeld answer names the agency that holds the information. */
export const REFERRAL_BASIS: LetterBasis = { zh: '第三十六条第（五）项', en: 'Art. 36(5)' }

/** The basis an answer cites, given whether it refers the applicant to another agency. */
export function letterBasis(outcome: OutcomeCode, referred = false): LetterBasis {
  return outcome === 'unable.notHeld' && referred ? REFERRAL_BASIS : LETTER_BASIS[outcome]
}

function contactOf(a: LetterAgency): string {
  const parts = [a.officeName, a.officePhone ? `电话：${a.officePhone}` : null, a.officeAddress ? `地址：${a.officeAddress}` : null].filter(Boolean)
  return parts.join('，')
}

/** The body paragraph per outcome; `cite` is the basis already wrapped in the 条例's title. */
function body(input: LetterInput, cite: string): string {
  const ref = input.referTo
  switch (input.outcome) {
    case 'granted': return `经审查，您申请获取的政府信息属于公开范围，根据${cite}的规定，现予以公开，相关信息见附件。`
    case 'partial': return `经审查，您申请获取的政府信息中部分内容属于不予公开的范围，根据${cite}的规定，本机关对可以公开的部分予以提供，对不予公开的内容说明理由如下：【请填写理由】。`
    case 'denied.stateSecret': return `经审查，您申请获取的政府信息属于依法确定的国家秘密，根据${cite}的规定，本机关不予公开。`
    case 'denied.lawProhibited': return `经审查，您申请获取的政府信息属于【请填写法律、行政法规名称及条款】禁止公开的政府信息，根据${cite}的规定，本机关不予公开。`
    case 'denied.securityStability': return `经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全或者社会稳定，根据${cite}的规定，本机关不予公开。理由：【请填写理由】。`
    case 'denied.thirdParty': return `经审查，您申请获取的政府信息涉及【请填写商业秘密或个人隐私等】，公开会对第三方合法权益造成损害，本机关已书面征求第三方意见，第三方不同意公开，根据${cite}的规定，本机关不予公开。`
    case 'denied.internalAffairs': return `经审查，您申请获取的政府信息属于行政机关的内部事务信息（【请填写人事管理、后勤管理或内部工作流程等】），根据${cite}的规定，本机关不予公开。`
    case 'denied.process': return `经审查，您申请获取的政府信息属于行政机关在履行行政管理职能过程中形成的过程性信息（【请填写讨论记录、过程稿、磋商信函或请示报告等】），根据${cite}的规定，本机关不予公开。`
    case 'denied.enforcementFile': return `经审查，您申请获取的政府信息属于行政执法案卷信息，根据${cite}的规定，本机关不予公开。`
    case 'denied.adminQuery': return `经审查，您申请获取的信息属于【请填写信息类别，如不动产登记资料】，有关法律、行政法规对该信息的获取有特别规定，根据${cite}的规定，请您依照【请填写法律、行政法规名称】的规定办理。`
    case 'unable.notHeld':
      if (ref) {
        const contact = contactOf(ref)
        return `经审查，您申请获取的政府信息不属于本机关负责公开的范围，根据${cite}的规定，告知如下：该政府信息由${ref.name}负责公开${contact ? `（联系方式：${contact}）` : ''}，您可以向其提出申请。`
      }
      return `经检索查找，本机关未制作或获取您申请的政府信息，根据${cite}的规定，告知如下：该政府信息不存在。`
    case 'unable.needsCreation': return `经审查，您申请的信息需要本机关对现有政府信息进行加工、分析，根据${cite}的规定，本机关不予提供。`
    case 'unable.stillUnclear': return `经审查，您补正后的申请内容仍不明确，根据${cite}的规定，本机关无法提供。`
    case 'notProcessed.complaint': return `经审查，您以政府信息公开申请的形式进行信访、投诉、举报等活动，根据${cite}的规定，本机关不作为政府信息公开申请处理，您可以通过【请填写信访、投诉或举报渠道】提出。`
    case 'notProcessed.duplicate': return `经审查，您已于【请填写前次申请日期】提出相同的政府信息公开申请，本机关已于【请填写前次答复日期】作出答复，您重复申请公开相同政府信息，根据${cite}的规定，本机关不予重复处理。`
    case 'notProcessed.publication': return `经审查，您要求提供的是公开出版物，根据${cite}的规定，告知获取途径如下：【请填写获取途径】。`
    case 'notProcessed.massRepeated': return `经审查，您申请公开政府信息的数量、频次明显超过合理范围，本机关已要求您说明理由，您提出的理由不合理（【请填写审查情况】），根据${cite}的规定，本机关不予处理。`
    case 'notProcessed.confirmOrReissue': return `经审查，您要求本机关确认或者重新出具您已获取的信息，不属于政府信息公开申请，根据${cite}的规定，本机关不作为政府信息公开申请处理。`
    case 'other.amendmentOverdue': return `本机关已于【请填写补正通知日期】向您发出补正通知，您无正当理由逾期未补正，根据${cite}的规定，视为放弃申请，本机关不再处理该政府信息公开申请。`
    case 'other.feeUnpaid': return `本机关已于【请填写收费通知日期】向您发出收费通知，您逾期未缴纳信息处理费，根据${cite}和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，视为放弃申请，本机关不再处理该政府信息公开申请。`
    case 'other.other': return `经审查，【请填写处理情况】。`
  }
}

const zhDate = (d: DateString) => `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`

/** The first draft of the letter, as plain text ready for editing and printing. */
export function draftReplyLetter(input: LetterInput): string {
  const basis = letterBasis(input.outcome, Boolean(input.referTo))
  const contact = contactOf(input.agency)
  return [
    input.agency.name,
    '政府信息公开申请答复告知书',
    `（编号：${input.trackingCode}）`,
    '',
    `${input.applicant ?? '【请填写申请人姓名】'}：`,
    `    本机关于${input.receivedOn ? zhDate(input.receivedOn) : '【请填写收到日期】'}收到您提出的政府信息公开申请，申请获取“${input.description}”的相关信息。`,
    `    ${body(input, `${A}${basis.zh}`)}`,
    // Remedies: 行政复议 within 60 days of learning of the decision (行政复议法 Art. 20), 行政诉讼
    // within 6 months (行政诉讼法 Art. 46).
    '    如对本答复不服，可以自收到本告知书之日起六十日内依法申请行政复议，或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。',
    ...(contact ? ['', `    联系方式：${contact}`] : []),
    '',
    `${input.agency.name}（盖章）`,
    zhDate(input.date),
  ].join('\n')
}

/**
 * The placeholders (【请填写…】) left in a letter, in order: staff must fill each before sending.
 * Only our own form counts: a document number the applicant quoted (国办发【2017】24号) is not one.
 */
export function letterPlaceholders(letter: string): string[] {
  return [...letter.matchAll(/【请填写[^】\n]{0,60}】/g)].map(m => m[0])
}
