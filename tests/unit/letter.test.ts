// 告知书 drafts: each outcome cites the article it rests on (条例, Order No. 711), the remedies,
// the agency's name, seal line and contact, and placeholders that must be filled before sending.
import type { OutcomeCode } from '~/shared/outcomes'
import { describe, expect, it } from 'vitest'
import { OUTCOME_CODES } from '~/shared/outcomes'
import { draftReplyLetter, LETTER_BASIS, letterBasis, letterPlaceholders } from '~/shared/review/letter'

const agency = { name: '津市市人民政府', officeName: '津市市政务公开领导小组办公室', officePhone: '4241600', officeAddress: null }
function draft(outcome: OutcomeCode, over: Partial<Parameters<typeof draftReplyLetter>[0]> = {}) {
  return draftReplyLetter({
    agency,
    trackingCode: 'GK-AB12-CD34',
    receivedOn: '2026-03-02',
    description: '2025年财政预算',
    outcome,
    date: '2026-03-20',
    applicant: '张三',
    ...over,
  })
}

describe('the article each outcome cites', () => {
  // [outcome, article cited in the letter, the 条例 provision]
  const table: [OutcomeCode, string, string][] = [
    ['granted', '第三十六条第（二）项', 'Art. 36(2): disclosed'],
    ['partial', '第三十七条', 'Art. 37: partly disclosed after separation'],
    ['denied.stateSecret', '第十四条', 'Art. 14: state secrets'],
    ['denied.lawProhibited', '第十四条', 'Art. 14: prohibited by law'],
    ['denied.securityStability', '第十四条', 'Art. 14: 三安全一稳定'],
    ['denied.thirdParty', '第十五条', 'Art. 15: third-party rights'],
    ['denied.internalAffairs', '第十六条第一款', 'Art. 16(1): internal affairs'],
    ['denied.process', '第十六条第二款', 'Art. 16(2): process information'],
    ['denied.enforcementFile', '第十六条第二款', 'Art. 16(2): enforcement files'],
    ['denied.adminQuery', '第三十六条第（七）项', 'Art. 36(7): other laws govern access'],
    ['unable.notHeld', '第三十六条第（四）项', 'Art. 36(4): does not exist'],
    ['unable.needsCreation', '第三十八条', 'Art. 38: no duty to create'],
    ['unable.stillUnclear', '第三十条', 'Art. 30: still unclear'],
    ['notProcessed.complaint', '第三十九条第一款', 'Art. 39(1): petitions, complaints'],
    ['notProcessed.duplicate', '第三十六条第（六）项', 'Art. 36(6): repeated application'],
    ['notProcessed.publication', '第三十九条第二款', 'Art. 39(2): publications'],
    ['notProcessed.massRepeated', '第三十五条', 'Art. 35: unreasonable volume'],
    ['notProcessed.confirmOrReissue', '第三十九条', 'Art. 39: not an application'],
    ['other.amendmentOverdue', '第三十条', 'Art. 30: no amendment'],
    ['other.feeUnpaid', '第四十二条', 'Art. 42: fee not paid'],
  ]
  it.each(table)('%s cites %s (%s)', (outcome, article) => {
    expect(LETTER_BASIS[outcome].zh).toContain(article)
    expect(draft(outcome)).toContain(`《中华人民共和国政府信息公开条例》${LETTER_BASIS[outcome].zh}`)
  })

  it('covers every outcome, and no 不予处理 reason cites Art. 39 except those Art. 39 governs', () => {
    expect(Object.keys(LETTER_BASIS).sort()).toEqual([...OUTCOME_CODES].sort())
    expect(LETTER_BASIS['notProcessed.duplicate'].zh).not.toContain('第三十九条')
    expect(LETTER_BASIS['notProcessed.massRepeated'].zh).not.toContain('第三十九条')
    expect(draft('denied.adminQuery')).not.toContain('第（三）项')
  })

  it('art. 36(5): 本机关不掌握 names the agency that holds it, with its contact', () => {
    expect(letterBasis('unable.notHeld', true).zh).toBe('第三十六条第（五）项')
    const text = draft('unable.notHeld', { referTo: { name: '重庆市万盛经开区', officeName: '万盛经开区政府信息公开办公室', officePhone: '85276112', officeAddress: '重庆市万盛经开区新田路2号' } })
    expect(text).toContain('第三十六条第（五）项')
    expect(text).toContain('由重庆市万盛经开区负责公开')
    expect(text).toContain('电话：85276112')
    expect(text).not.toContain('该政府信息不存在')
  })
})

describe('the letter around the body', () => {
  it('names the applicant, the agency with its seal line and contact, and both remedies (复议 60 days, 诉讼 6 months)', () => {
    const text = draft('granted')
    expect(text.split('\n')[0]).toBe('津市市人民政府')
    expect(text).toContain('张三：')
    expect(text).toContain('2026年3月2日收到')
    expect(text).toContain('六十日内依法申请行政复议')
    expect(text).toContain('六个月内依法向人民法院提起行政诉讼')
    expect(text).toContain('联系方式：津市市政务公开领导小组办公室，电话：4241600')
    expect(text).toContain('津市市人民政府（盖章）\n2026年3月20日')
    expect(text).not.toContain('本机关（盖章）')
    expect(letterPlaceholders(text)).toEqual([])
  })

  it('leaves placeholders for what staff must decide: the name when unknown, the reasons', () => {
    expect(letterPlaceholders(draft('granted', { applicant: null, receivedOn: null }))).toEqual(['【请填写申请人姓名】', '【请填写收到日期】'])
    expect(letterPlaceholders(draft('partial'))).toEqual(['【请填写理由】'])
    expect(letterPlaceholders(draft('notProcessed.duplicate'))).toEqual(['【请填写前次申请日期】', '【请填写前次答复日期】'])
    expect(letterPlaceholders('理由：【请填写】')).toEqual(['【请填写】'])
    // A document number the applicant quoted is not a placeholder.
    expect(letterPlaceholders(draft('granted', { description: '国办发【2017】24号' }))).toEqual([])
  })
})
