/**
 * One source for every label (issue 18): the applicant-facing status and outcome registries name
 * every code in both languages, and a code this app does not know shows a plain word, never itself.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { APPLICATION_STATUS, outcomeLabel, statusLabel } from '~/shared/application'
import { OUTCOME_CODES, OUTCOME_GROUPS } from '~/shared/outcomes'
import { AUDIT_ACTIONS, auditActionLabel, auditDetails, auditTargetLabel } from '~/shared/review/audit'

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

describe('audit log labels', () => {
  it('every action a server file records is named, in both languages', () => {
    const root = fileURLToPath(new URL('../../src/server', import.meta.url))
    const actions = new Set<string>()
    for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(f => f.endsWith('.ts'))) {
      for (const m of readFileSync(join(root, file), 'utf8').matchAll(/\baction: '([\w.]+)'/g))
        actions.add(m[1]!)
    }
    expect(actions.size).toBeGreaterThan(15)
    for (const a of actions) {
      expect(AUDIT_ACTIONS[a]?.zh, a).toMatch(/[\u4E00-\u9FFF]/)
      expect(AUDIT_ACTIONS[a]?.en, a).toMatch(/^[A-Z]/)
    }
    // Case steps are recorded as `case.<type>`, one for each step the workflow has.
    expect(auditActionLabel('case.answer').zh).toBe('答复')
    expect(auditActionLabel('case.requestAmendment').en).toBe('Requested amendment')
    expect(auditActionLabel('something.new')).toEqual({ zh: '其他操作', en: 'Other action' })
    expect(auditActionLabel('__proto__')).toEqual({ zh: '其他操作', en: 'Other action' })
  })

  it('details are named and their values read as words; unknown fields and odd values are left to the full record', () => {
    const shown = auditDetails({ seq: 3, outcome: 'partial', approve: false, role: 'supervisor', via: 'STAFF_DEMO', step: 'amendmentRequested', outbox: 'x', reason: '核实身份' })
    expect(shown.map(d => [d.label.zh, typeof d.value === 'string' ? d.value : d.value.zh])).toEqual([
      ['办理步骤', '3'],
      ['答复结果', '部分公开'],
      ['批准', '否'],
      ['角色', '负责人'],
      ['方式', '演示账号'],
      ['原因', '核实身份'],
    ])
    expect(auditDetails({ outcome: 'made.up', role: 'root' })).toEqual([])
    expect(auditDetails(null)).toEqual([])
    expect(auditDetails([1, 2])).toEqual([])
    expect(auditTargetLabel('application')?.en).toBe('Application')
    expect(auditTargetLabel('nope')).toBeNull()
  })
})
