import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isPinyinTerm, normalizeText, pinyinRanges, queryTerms, titlePinyin } from '~/shared/search'

describe('normalizeText', { timeout: 120_000 }, () => {
  it('folds width, case, whitespace and 文号 brackets', () => {
    expect(normalizeText('国办发〔2017〕24号')).toBe('国办发[2017]24号')
    expect(normalizeText('国办发【2017】24号')).toBe('国办发[2017]24号')
    expect(normalizeText('国办发（2017）24号')).toBe('国办发[2017]24号')
    expect(normalizeText('国办发［２０１７］２４号')).toBe('国办发[2017]24号')
    expect(normalizeText('ＰＰＰ Abc')).toBe('ppp abc')
    expect(normalizeText('政府\u3000信息\t公开\n')).toBe('政府 信息 公开 ')
  })

  it('keeps every string the same length, so offsets need no mapping', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), s => normalizeText(s).length === s.length))
  })

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), s => normalizeText(normalizeText(s)) === normalizeText(s)))
  })
})

describe('queryTerms', { timeout: 120_000 }, () => {
  it('splits on any whitespace and drops duplicates', () => {
    expect(queryTerms(' 2024\u3000预算  2024 ')).toEqual(['2024', '预算'])
    expect(queryTerms('')).toEqual([])
    expect(isPinyinTerm('zfxxgk')).toBe(true)
    expect(isPinyinTerm('2024')).toBe(false)
  })
})

describe('title pinyin', { timeout: 120_000 }, () => {
  it('gives full pinyin and initials, polyphones read in context', () => {
    expect(titlePinyin('政府信息公开')).toBe('zhengfuxinxigongkai zfxxgk')
    expect(titlePinyin('重庆市银行')).toBe('chongqingshiyinhang cqsyh')
    expect(titlePinyin('绿色ppp项目2024')).toBe('lvsepppxiangmu lspppxm')
  })

  it('maps pinyin matches back to title characters', () => {
    expect(pinyinRanges('关于政府信息公开的通知', 'zfxxgk')).toEqual([[2, 8]])
    expect(pinyinRanges('关于政府信息公开的通知', 'fuxin')).toEqual([[3, 5]])
  })
})
