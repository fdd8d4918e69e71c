import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CASE_ACTION_TYPES } from '~/shared/review/api'
import { AUDIT_ACTIONS, auditActionLabel, auditDetailLines } from '~/shared/review/audit-actions'

function files(dir: string): string[] {
  return readdirSync(dir).flatMap(f => statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)])
}

describe('audit log in plain words', () => {
  it('names every action the server writes', () => {
    const written = new Set<string>()
    for (const f of files('src/server').filter(f => f.endsWith('.ts'))) {
      for (const m of readFileSync(f, 'utf8').matchAll(/action: '([\w.]+)'/g))
        written.add(m[1]!)
    }
    for (const t of CASE_ACTION_TYPES)
      written.add(`case.${t}`)
    expect(written.size).toBeGreaterThan(15)
    expect([...written].filter(a => !AUDIT_ACTIONS[a])).toEqual([])
  })

  it.each([
    ['personal.reveal', '查看申请人个人信息'],
    ['case.somethingNew', '办理步骤'],
    ['brand.new', '其他操作'],
  ])('%s reads %s', (action, zh) => {
    expect(auditActionLabel(action).zh).toBe(zh)
  })

  it.each([
    [{ username: 'wang', role: 'reviewer', via: 'cli' }, 'zh', ['用户名：wang', '角色：经办人', '方式：服务器命令行']],
    [{ role: 'admin', disabled: true, passwordReset: false }, 'en', ['Role: Administrator', 'Disabled: yes', 'Password reset: no']],
    [{ someNewKey: 3, gone: null }, 'en', ['some new key: 3']],
    [{ fields: ['name', 'phone'] }, 'zh', ['项目：name、phone']],
    [null, 'zh', []],
  ] as const)('details %j in %s', (details, lang, lines) => {
    expect(auditDetailLines(details, lang)).toEqual(lines)
  })
})
