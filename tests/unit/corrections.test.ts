// Correction requests (条例 Art. 41): what a request must carry, and the letter per answer.
import type { CorrectionLetterInput, CorrectionRequestInput } from '~/shared/corrections'
import { describe, expect, it } from 'vitest'
import { checkCorrection, CORRECTION_OUTCOME_CODES, draftCorrectionLetter } from '~/shared/corrections'

const ok: Omit<CorrectionRequestInput, 'v' | 'id'> = {
  agencyId: 'a',
  record: '低保名单中家庭人口数记为5人',
  correction: '应为3人',
  personal: { name: '张三', idType: 'residentId', idNumber: '11010519491231002x', phone: '13800138000' },
}

describe('checkCorrection', () => {
  it.each<[string, Partial<typeof ok>, string | null]>([
    ['a complete request', {}, null],
    ['Art. 41: the agency asked', { agencyId: '' }, 'agencyId'],
    ['Art. 41: the inaccurate record', { record: ' ' }, 'record'],
    ['Art. 41: what is correct', { correction: '' }, 'correction'],
    ['evidence is optional', { evidence: '' }, null],
    ['evidence within its limit', { evidence: '证'.repeat(2001) }, 'evidence'],
    ['about themselves: who they are', { personal: { ...ok.personal, name: '' } }, 'personal.name'],
    ['a resident ID with a valid check digit', { personal: { ...ok.personal, idNumber: '110105194912310021' } }, 'personal.idNumber'],
    ['an organisation by its credit code', { personal: { ...ok.personal, idType: 'uscc', idNumber: '91110000100000000X' } }, 'personal.idNumber'],
    ['a way to reach them (Art. 29 by analogy): phone or e-mail', { personal: { name: '张三', idType: 'residentId', idNumber: '11010519491231002X' } }, 'personal.phone'],
    ['an e-mail alone will do', { personal: { name: '张三', idType: 'residentId', idNumber: '11010519491231002X', email: 'zs@example.cn' } }, null],
    ['a malformed e-mail', { personal: { name: '张三', idType: 'other', idNumber: 'P1234567', email: 'zs@' } }, 'personal.email'],
  ])('%s', (_, over, field) => {
    expect(checkCorrection({ ...ok, ...over })?.field ?? null).toBe(field)
  })
})

describe('the answer letter (Art. 41)', () => {
  const base: CorrectionLetterInput = { agency: { name: '甲区民政局' }, trackingCode: 'GK-1', receivedOn: '2026-03-02', applicant: '张三', record: 'R', correction: 'C', outcome: 'corrected', date: '2026-03-10' }
  it.each(CORRECTION_OUTCOME_CODES)('%s cites Art. 41, names the applicant, the agency and the remedies', (outcome) => {
    const l = draftCorrectionLetter({ ...base, outcome, referTo: { name: '乙局', officePhone: '010-1' } })
    expect(l).toContain('第四十一条')
    expect(l).toContain('张三：')
    expect(l).toContain('甲区民政局（盖章）')
    expect(l).toContain('六十日内')
    expect(l).toContain('六个月内')
  })
  it('corrected: says what the record now reads', () => {
    expect(draftCorrectionLetter(base)).toContain('已将上述记录更正为：“C”')
  })
  it('not this agency\'s: transferred, or the applicant told where to ask, with the contact from the directory', () => {
    const ref = { name: '乙局', officePhone: '010-1' }
    expect(draftCorrectionLetter({ ...base, outcome: 'notOurs', referTo: ref, transferred: true })).toContain('已将您的更正申请转送有权更正的乙局处理（联系方式：电话：010-1）')
    expect(draftCorrectionLetter({ ...base, outcome: 'notOurs', referTo: ref, transferred: false })).toContain('请您向有权更正的乙局提出')
  })
  it('not verified: says why', () => {
    expect(draftCorrectionLetter({ ...base, outcome: 'notVerified', reason: '与档案一致' })).toContain('不能证明上述记录不准确（与档案一致）')
  })
})
