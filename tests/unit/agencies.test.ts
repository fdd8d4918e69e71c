/** The agency directory's pure parts: input checks, the standard guide, search by name/pinyin/initials, grouping, and agencyId in the application schema. */
import type { Agency } from '~/shared/agencies'
import { describe, expect, it } from 'vitest'
import { agencyKeys, agencyRecord, groupAgencies, matchAgencies, parseAgencyInput, standardGuide } from '~/shared/agencies'
import { validateApplication } from '~/shared/application'
import { SAMPLE_PERSONAL, sampleGeneral } from '../support/applications'

function agency(id: string, name: string, level: Agency['level'], region: string, over: Partial<Agency> = {}): Agency {
  return { id, name, orgCode: id.toUpperCase(), shortName: null, creditCode: null, level, region, parentId: null, officeName: null, officeAddress: null, officePhone: null, officeHours: null, guide: '', active: true, updatedAt: '2026-01-01T00:00:00.000Z', ...over }
}

const DIRECTORY = [
  agency('hrb-daowai', '哈尔滨市道外区人民政府', 'county', '黑龙江省哈尔滨市道外区', { shortName: '道外区政府' }),
  agency('hrb-gov', '哈尔滨市人民政府', 'municipal', '黑龙江省哈尔滨市'),
  agency('cq-gov', '重庆市人民政府办公厅', 'provincial', '重庆市'),
  agency('hn-jinshi', '津市市人民政府', 'county', '湖南省常德市津市市', { creditCode: '91350100M000100Y43' }),
  agency('gwy', '国务院', 'national', '全国'),
]

describe('parseAgencyInput', () => {
  const ok = { id: 'a-1', name: ' 测试局 ', orgCode: 'GK-1', level: 'county', region: '测试县' }
  it.each([
    [{ name: undefined }, 'name'],
    [{ id: '-bad' }, 'id'],
    [{ name: '   ' }, 'name'],
    [{ orgCode: '' }, 'orgCode'],
    [{ level: '省' }, null],
    [{ level: 'planet' }, 'level'],
    [{ region: '' }, 'region'],
    [{ creditCode: '91350100M000100Y43' }, null],
    [{ creditCode: '91350100M000100Y40' }, 'creditCode'],
    [{ parentId: 'a-1' }, 'parentId'],
    [{ active: '否' }, null],
    [{ active: 'perhaps' }, 'active'],
    [{ officePhone: '1'.repeat(61) }, 'officePhone'],
    [{ guide: 42 }, null],
  ])('%o → error on %s', (patch, field) => {
    const r = parseAgencyInput({ ...ok, ...patch })
    if (field === null)
      expect(r.ok, JSON.stringify(r)).toBe(true)
    else
      expect(r.ok ? [] : r.errors.map(e => e.field)).toContain(field)
  })

  it('trims, maps Chinese levels and flags, and keeps the id from the path', () => {
    const r = parseAgencyInput({ ...ok, id: 'ignored', level: '县（区）级', active: '否' }, 'from-path')
    expect(r).toMatchObject({ ok: true, value: { id: 'from-path', name: '测试局', level: 'county', active: false, guide: '', parentId: null } })
    expect(parseAgencyInput({ ...ok, level: '乡镇' })).toMatchObject({ ok: true, value: { level: 'township' } })
    expect(parseAgencyInput([ok])).toMatchObject({ ok: false, errors: [{ field: 'body' }] })
  })

  it('renames Chinese CSV headers to fields', () => {
    expect(agencyRecord({ 编号: 'x', 机构名称: '某局', 层级: '市级', other: 'kept' })).toEqual({ id: 'x', name: '某局', level: '市级', other: 'kept' })
  })
})

describe('standardGuide', () => {
  it('names the agency, its office and contact, the limits, fees and remedies', () => {
    const g = standardGuide({ name: '津市市人民政府', officeName: '津市市政务公开领导小组办公室', officeAddress: null, officePhone: '4241600', officeHours: null })
    for (const s of ['津市市人民政府', '津市市政务公开领导小组办公室', '联系电话：4241600', '20个工作日', '7个工作日', '信息处理费', '60日', '6个月'])
      expect(g).toContain(s)
    expect(g).not.toContain('办公地址')
    expect(standardGuide({ name: '某局', officeName: null, officeAddress: null, officePhone: null, officeHours: null })).toContain('某局政府信息公开工作机构')
  })
})

describe('matchAgencies', () => {
  const keys = agencyKeys(DIRECTORY)
  it.each([
    ['', DIRECTORY.map(a => a.id)],
    ['道外', ['hrb-daowai']],
    ['哈尔滨', ['hrb-daowai', 'hrb-gov']],
    ['daowai', ['hrb-daowai']],
    ['dwqzf', ['hrb-daowai']],
    ['jinshishi', ['hn-jinshi']],
    ['chongqing', ['cq-gov']],
    ['hrb rmzf', ['hrb-daowai', 'hrb-gov']],
    ['湖南', ['hn-jinshi']],
    ['91350100M000100Y43', ['hn-jinshi']],
    ['ＧＷＹ', ['gwy']],
    ['上海', []],
  ])('%s', (q, ids) => {
    expect(matchAgencies(keys, q).map(a => a.id)).toEqual(ids)
  })
})

describe('groupAgencies', () => {
  it('groups by level (broadest first), then region; names sorted within', () => {
    const collator = new Intl.Collator('zh-CN')
    const groups = groupAgencies([...DIRECTORY, agency('hrb-x', '哈尔滨市道里区人民政府', 'county', '黑龙江省哈尔滨市道外区')], collator.compare)
    expect(groups.map(g => [g.level, g.region, g.agencies.map(a => a.id)])).toEqual([
      ['national', '全国', ['gwy']],
      ['provincial', '重庆市', ['cq-gov']],
      ['municipal', '黑龙江省哈尔滨市', ['hrb-gov']],
      ['county', '黑龙江省哈尔滨市道外区', ['hrb-x', 'hrb-daowai']],
      ['county', '湖南省常德市津市市', ['hn-jinshi']],
    ])
  })
})

describe('general.agencyId in the application', () => {
  const app = (g: Record<string, unknown>) => ({ v: 1, general: sampleGeneral(g), personal: SAMPLE_PERSONAL })
  it('is carried when given, absent when not (older outboxes), required by the form', () => {
    expect(validateApplication(app({ agencyId: 'hn-jinshi' }))).toMatchObject({ ok: true, value: { general: { agencyId: 'hn-jinshi' } } })
    const none = validateApplication(app({}))
    expect(none.ok && 'agencyId' in none.value.general).toBe(false)
    expect(validateApplication(app({}), { requireAgency: true })).toMatchObject({ ok: false, errors: [{ field: 'general.agencyId', code: 'required' }] })
    expect(validateApplication(app({ agencyId: 'x y' }))).toMatchObject({ ok: false, errors: [{ field: 'general.agencyId' }] })
  })

  it('carries redirectedFrom (Art. 36(5)) when it is an application id', () => {
    const from = '01890a5d-ac96-774b-bcce-b302099a8057'
    expect(validateApplication(app({ agencyId: 'b', redirectedFrom: from }))).toMatchObject({ ok: true, value: { general: { redirectedFrom: from } } })
    expect(validateApplication(app({ redirectedFrom: 'nope' }))).toMatchObject({ ok: false, errors: [{ field: 'general.redirectedFrom' }] })
  })
})
