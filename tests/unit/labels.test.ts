/**
 * One source for every label (issue 18): the applicant-facing status and outcome registries name
 * every code in both languages, and a code this app does not know shows a plain word, never itself.
 */
import { describe, expect, it } from 'vitest'
import { APPLICATION_STATUS, outcomeLabel, statusLabel } from '~/shared/application'
import { OUTCOME_CODES, OUTCOME_GROUPS } from '~/shared/outcomes'

const CODE_LIKE = /^[a-z]+(?:[A-Z][a-z]*)+$|^[a-z]+[._][a-z]/

describe('applicant-facing labels', () => {
  it('every status has a Chinese and an English name that is not a code', () => {
    for (const [code, l] of Object.entries(APPLICATION_STATUS)) {
      expect(l.zh, code).toMatch(/[\u4E00-\u9FFF]/)
      expect(l.en, code).toMatch(/^[A-Z]/)
      expect(statusLabel(code)).toBe(l)
    }
    expect(Object.keys(APPLICATION_STATUS)).toEqual(expect.arrayContaining(['amendmentReceived', 'consultationStarted', 'feeNotice', 'feePaid']))
  })

  it('an unknown status reads as in progress, in both languages, never as its code', () => {
    for (const code of ['somethingNew', '__proto__', 'constructor', 'toString']) {
      const l = statusLabel(code)
      expect(l.zh).toBe('办理中')
      expect(l.en).not.toMatch(CODE_LIKE)
    }
  })

  it('outcome codes and groups are named; unknown ones give nothing to show', () => {
    for (const code of OUTCOME_CODES)
      expect(outcomeLabel(code)?.zh, code).toMatch(/[\u4E00-\u9FFF]/)
    for (const g of Object.keys(OUTCOME_GROUPS))
      expect(outcomeLabel(g)?.en, g).toMatch(/^[A-Z]/)
    expect(outcomeLabel('partial')).toMatchObject({ zh: '部分公开', en: 'Partly disclosed' })
    expect(outcomeLabel('nope')).toBeNull()
    expect(outcomeLabel('__proto__')).toBeNull()
  })
})
