/** Table-driven tests of the importer beyond the seeds: prose patterns, template tables, malformed input. */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { importReport, LEGACY_ROWS } from '~/shared/importer'

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/reports/${name}`, import.meta.url)), 'utf8')
const wrap = (body: string) => `江城市人民政府2016年度政府信息公开工作年度报告\n一、概述\n${body}\n`

describe('prose patterns', () => {
  const cases: { text: string, key: string, value?: number, approx?: boolean, absent?: boolean }[] = [
    { text: '2016年，本机关共受理政府信息公开申请42件，其中当面申请5件，网上申请37件。', key: 'requests.total', value: 42 },
    { text: '2016年，本机关共受理政府信息公开申请42件，其中当面申请5件，网上申请37件。', key: 'requests.channel.online', value: 37 },
    { text: '全年主动公开政府信息2万余条。', key: 'proactive.total', value: 20000, approx: true },
    { text: '全年主动公开政府信息约1,500条。', key: 'proactive.total', value: 1500, approx: true },
    { text: '全年主动公开政府信息3200条左右。', key: 'proactive.total', value: 3200, approx: true },
    { text: '全年共主动公开政府信息1,074条。', key: 'proactive.total', value: 1074, approx: false },
    { text: '截至年底累计主动公开政府信息3700条，其中本年度新增主动公开政府信息100条。', key: 'proactive.cumulative', value: 3700 },
    { text: '截至年底累计主动公开政府信息3700条，其中本年度新增主动公开政府信息100条。', key: 'proactive.total', value: 100 },
    { text: '2016年没有收到信息公开申请。', key: 'requests.total', value: 0 },
    { text: '本年度未收到政府信息公开申请。', key: 'requests.total', value: 0 },
    { text: '本年度未发生因政府信息公开引起的行政复议和行政诉讼。', key: 'review.total', value: 0 },
    { text: '本年度未发生因政府信息公开引起的行政复议和行政诉讼。', key: 'litigation.total', value: 0 },
    { text: '发生因政府信息公开申请行政复议1件、行政诉讼2件。', key: 'litigation.total', value: 2 },
    { text: '发生因政府信息公开申请行政复议1件。', key: 'litigation.total', absent: true },
    { text: '在提供政府信息时，未进行收费。', key: 'fees.total', value: 0 },
    { text: '全年主动公开规范性文件12件。', key: 'proactive.normativeDocs', value: 12 },
    { text: '在受理的40件申请中，“同意公开”的39件，“不予公开”的1件。', key: 'requests.outcome.granted', value: 39 },
    { text: '上年结转政府信息公开申请3件，结转下年度继续办理2件。', key: 'requests.carriedForward', value: 2 },
    { text: '上年结转政府信息公开申请3件，结转下年度继续办理2件。', key: 'requests.carriedOver', value: 3 },
    { text: '本机关认真做好政府信息公开工作，取得明显成效。', key: 'requests.total', absent: true },
    { text: '本机关认真做好政府信息公开工作，取得明显成效。', key: 'proactive.total', absent: true },
    { text: '通过政务微博公开政府信息300条。', key: 'proactive.total', absent: true },
  ]
  it.each(cases)('$text → $key', ({ text, key, value, approx, absent }) => {
    const r = importReport(wrap(text))
    if (absent) {
      expect(r.figures[key]).toBeUndefined()
      return
    }
    expect(r.figures[key]?.value).toBe(value)
    if (approx !== undefined)
      expect(r.figures[key]?.approx).toBe(approx)
  })

  it('an uncertain statement is a problem, not a figure', () => {
    const r = importReport(wrap('全年共受理政府信息公开申请42件。\n二、其他\n全年共受理政府信息公开申请45件。'))
    expect(r.figures['requests.total']).toBeUndefined()
    expect(r.problems.some(p => p.kind === 'conflict' && p.keys.includes('requests.total'))).toBe(true)
  })

  it('a breakdown larger than its total is flagged', () => {
    const r = importReport(wrap('全年共受理政府信息公开申请10件，其中当面申请6件，网上申请7件。'))
    expect(r.problems.some(p => p.kind === 'breakdown' && p.message.includes('13'))).toBe(true)
  })
})

const COLS = ['@natural', '@commercial', '@research', '@publicInterest', '@legalService', '@otherOrg', '']
const rowOf = (r: ReturnType<typeof importReport>, key: string) => COLS.map(c => r.figures[key + c]?.value)

describe('2019 template as an HTML table', () => {
  const r = importReport(fixture('2019-template.html'))
  it('reads facts and never echoes markup', () => {
    expect(r.format).toBe('html')
    expect(r.template).toBe('2019')
    expect(r.agency).toBe('江城市生态环境局')
    expect(r.year).toBe(2019)
    expect(r.publishedAt).toBe('2020-01-20')
    // script bodies and attributes are gone; escaped markup in the page stays text without its tags
    expect(r.text).not.toMatch(/<\/?[a-z]|alert\('x'\)|alert\(1\)|document\.write|onclick|window\.print/i)
    expect(r.text).not.toMatch(/打印|扫一扫|字号/)
  })
  it.each([
    ['requests.total', [25, 3, 0, 1, 2, 0, 31]],
    ['requests.carriedOver', [2, 0, 0, 0, 0, 0, 2]],
    ['requests.outcome.granted', [10, 1, 0, 0, 1, 0, 12]],
    ['requests.outcome.denied.securityStability', [1, 0, 0, 0, 0, 0, 1]],
    ['requests.outcome.denied', [2, 1, 0, 0, 0, 0, 3]],
    ['requests.outcome.unable.notHeld', [6, 1, 0, 1, 0, 0, 8]],
    ['requests.outcome.other', [2, 0, 0, 0, 1, 0, 3]],
    ['requests.outcome.total', [26, 3, 0, 1, 2, 0, 32]],
    ['requests.carriedForward', [1, 0, 0, 0, 0, 0, 1]],
  ] as const)('%s', (key, want) => {
    expect(rowOf(r, key)).toEqual(want)
  })
  it('reads the other tables and the prose', () => {
    expect(r.figures['review.total']?.value).toBe(2)
    expect(r.figures['litigation.total']?.value).toBe(1)
    expect(r.figures['proactive.normativeDocs']?.value).toBe(5)
    expect(r.figures['proactive.total']?.value).toBe(356)
    expect(r.figures['proactive.category.工作动态']?.value).toBe(296)
    expect(r.figures['requests.outcome.denied']?.derived).toBe(true)
    expect(r.problems).toEqual([])
    expect(r.sections.map(s => s.label)).toEqual(['一', '二', '三', '四', '五', '六'])
  })
})

describe('agency and year for every kind of body', () => {
  const body = '\n一、总体情况\n全年主动公开政府信息120条。\n'
  it.each([
    ['平潭综合实验区2019年政府信息公开工作年度报告', '平潭综合实验区', 2019],
    ['福州市市场监督管理局2019年度政府信息公开工作年度报告', '福州市市场监督管理局', 2019],
    ['广东省人民政府办公厅2020年政府信息公开工作年度报告', '广东省人民政府办公厅', 2020],
    ['苏州工业园区管理委员会2021年政府信息公开工作年度报告', '苏州工业园区管理委员会', 2021],
    ['杭州经济技术开发区管委会2018年度政府信息公开工作报告', '杭州经济技术开发区管委会', 2018],
    ['宁波市鄞州区下应街道办事处2022年政府信息公开工作年度报告', '宁波市鄞州区下应街道办事处', 2022],
    ['长沙县黄花镇人民政府2020年政府信息公开工作年度报告', '长沙县黄花镇人民政府', 2020],
    ['成都市卫生健康委员会2023年政府信息公开工作年度报告_成都市人民政府门户网站', '成都市卫生健康委员会', 2023],
    ['《青岛西海岸新区2019年政府信息公开工作年度报告》', '青岛西海岸新区', 2019],
    ['2012年度津市市政府信息公开工作报告', '津市市', 2012],
    ['关于江北区2016年度政府信息公开工作的报告', '江北区', 2016],
    ['武汉东湖新技术开发区政府信息公开工作年度报告(2020年度)', '武汉东湖新技术开发区', 2020],
  ])('%s', (title, agency, year) => {
    const r = importReport(`政府信息公开年报\n${title}\n${body}`)
    expect(r.agency).toBe(agency)
    expect(r.year).toBe(year)
  })
  it('a department named on the line above the title keeps the department', () => {
    const r = importReport(`首页 > 政务公开 > 年报\n福州市市场监督管理局\n2019年度政府信息公开工作年度报告\n${body}`)
    expect(r.agency).toBe('福州市市场监督管理局')
    expect(r.year).toBe(2019)
  })
  it.each([
    ['本报告由厦门市思明区人民政府办公室根据《中华人民共和国政府信息公开条例》要求编制。', '厦门市思明区人民政府办公室'],
    ['根据《条例》规定，平潭综合实验区管理委员会(以下简称管委会)编制本报告。', '平潭综合实验区管理委员会'],
    ['现将天津市河西区市场监督管理局2019年政府信息公开工作情况报告如下。', '天津市河西区市场监督管理局'],
  ])('no title: the opening sentence names the body (%s)', (opening, agency) => {
    const r = importReport(`${opening}\n本报告所列数据的统计期限自2019年1月1日起至2019年12月31日止。${body}`)
    expect(r.agency).toBe(agency)
    expect(r.year).toBe(2019)
  })
})

describe('html tables read as grids', () => {
  it('blank cells (&nbsp;) keep their column and read as 0, with that provenance', () => {
    const html = fixture('2019-template.html')
    const at = html.indexOf('三、收到和处理')
    const r = importReport(html.slice(0, at) + html.slice(at).replace(/<td>0<\/td>/g, '<td>&nbsp;</td>'))
    expect(rowOf(r, 'requests.total')).toEqual([25, 3, 0, 1, 2, 0, 31])
    expect(rowOf(r, 'requests.outcome.granted')).toEqual([10, 1, 0, 0, 1, 0, 12])
    expect(r.figures['requests.total@research']).toMatchObject({ value: 0, provenance: 'blank' })
    expect(r.figures['requests.total@natural']?.provenance).toBeUndefined()
    expect(r.problems).toEqual([])
  })
  it('rowspan and colspan keep every later cell in its column', () => {
    const cells = (vs: (number | '')[]) => vs.map(v => `<td>${v === '' ? '&nbsp;' : v}</td>`).join('')
    const html = `<h1>某县2020年政府信息公开工作年度报告</h1><table>
<tr><td rowspan="2" colspan="3">本列数据</td><td colspan="7">申请人情况</td></tr>
<tr><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td><td>总计</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td>${cells([821, '', 35, '', 2, 1, 859])}</tr>
<tr><td colspan="3">二、上年结转政府信息公开申请数量</td>${cells([4, '', '', '', '', '', 4])}</tr>
<tr><td rowspan="3">三、本年度办理结果</td><td colspan="2">（一）予以公开</td>${cells([800, '', 30, '', 2, 1, 833])}</tr>
<tr><td colspan="2">（二）部分公开</td>${cells([23, '', 5, '', '', '', 28])}</tr>
<tr><td colspan="2">（七）总计</td>${cells([823, '', 35, '', 2, 1, 861])}</tr>
<tr><td colspan="3">四、结转下年度继续办理</td>${cells([2, '', '', '', '', '', 2])}</tr>
</table>`
    const r = importReport(html)
    expect(rowOf(r, 'requests.total')).toEqual([821, 0, 35, 0, 2, 1, 859])
    expect(rowOf(r, 'requests.outcome.partial')).toEqual([23, 0, 5, 0, 0, 0, 28])
    expect(rowOf(r, 'requests.carriedForward')).toEqual([2, 0, 0, 0, 0, 0, 2])
    expect(r.problems).toEqual([])
    expect(r.text).not.toMatch(/nbsp|<td/)
  })
})

describe('2021 template flattened to text', () => {
  const text = fixture('2021-flattened.txt')
  const check = (r: ReturnType<typeof importReport>) => {
    expect(r.template).toBe('2021')
    expect(r.year).toBe(2021)
    expect(rowOf(r, 'requests.total')).toEqual([40, 5, 1, 0, 2, 1, 49])
    expect(rowOf(r, 'requests.outcome.other.noAmendment')).toEqual([1, 0, 0, 0, 0, 0, 1])
    expect(rowOf(r, 'requests.outcome.other.other')).toEqual([1, 1, 0, 0, 0, 0, 2])
    expect(rowOf(r, 'requests.outcome.total')).toEqual([42, 6, 1, 0, 2, 1, 52])
    expect(r.figures['review.total']?.value).toBe(3)
    expect(r.figures['litigation.total']?.value).toBe(3)
    expect(r.figures['proactive.normativeDocs']?.value).toBe(6)
    expect(r.figures['proactive.total']?.value).toBe(1268)
  }
  it('one row per line', () => {
    const r = importReport(text)
    check(r)
    expect(r.problems).toEqual([])
  })
  it('the whole table on one line', () => {
    const start = text.indexOf('（本列数据')
    const end = text.indexOf('五、存在')
    const r = importReport(text.slice(0, start) + text.slice(start, end).replace(/\n/g, ' ') + text.slice(end))
    check(r)
    expect(r.problems).toEqual([])
  })
  it('one cell per line (a PDF copy)', () => {
    const start = text.indexOf('一、本年新收')
    const end = text.indexOf('四、政府信息公开行政复议')
    const r = importReport(text.slice(0, start) + text.slice(start, end).replace(/ (?=\d)/g, '\n') + text.slice(end))
    check(r)
  })
  it('run-together digits are split when the row arithmetic allows only one split', () => {
    const r = importReport(text.replace('一、本年新收政府信息公开申请数量 40 5 1 0 2 1 49', '一、本年新收政府信息公开申请数量 405102149'))
    expect(rowOf(r, 'requests.total')).toEqual([40, 5, 1, 0, 2, 1, 49])
    expect(r.problems.filter(p => p.kind === 'run-together')).toEqual([])
  })
  it('a row the row sum leaves ambiguous is settled by the outcome rows summing to （七）总计', () => {
    // 20|2|1|0|1|0 and 20|2|10|1|0 … both add up to 24; only one keeps every column of （七）总计
    const r = importReport(text.replace('（一）予以公开 20 2 1 0 1 0 24', '（一）予以公开 20 21010 24'))
    expect(rowOf(r, 'requests.outcome.granted')).toEqual([20, 2, 1, 0, 1, 0, 24])
    expect(r.figures['requests.outcome.granted@research']?.provenance).toBe('split')
    expect(r.figures['requests.outcome.granted']?.provenance).toBeUndefined() // written apart
    expect(r.problems).toEqual([])
  })
  it('run-together digits that cannot be split with certainty are a problem naming the cells, not figures', () => {
    // without （七）总计 and 四 nothing but the row sum constrains the row
    const cut = text.replace('（一）予以公开 20 2 1 0 1 0 24', '（一）予以公开 20 21010 24').replace(/（七）总计.*\n四、结转下年度继续办理.*\n/, '')
    const r = importReport(cut)
    expect(r.figures['requests.outcome.granted@natural']).toBeUndefined()
    const p = r.problems.find(p => p.kind === 'run-together')
    // 20|2|1|0|1|0 or 2|0|21|0|1|0: the first three columns are in doubt
    expect(p?.keys).toEqual(['requests.outcome.granted@natural', 'requests.outcome.granted@commercial', 'requests.outcome.granted@research'])
    expect(p?.message).toMatch(/自然人、商业企业、科研机构/)
    // the importer's own failure is not reported as the report's inconsistency
    expect(r.problems.filter(p => p.kind === 'breakdown' || p.kind === 'template-rule')).toEqual([])
  })
  it('the template rule 一 + 二 = 总计 + 四 is checked in every column', () => {
    const r = importReport(text.replace('四、结转下年度继续办理 1 0 0 0 0 0 1', '四、结转下年度继续办理 3 0 0 0 0 0 3'))
    expect(r.problems.some(p => p.kind === 'template-rule' && p.keys.some(k => k.startsWith('requests.carriedForward')))).toBe(true)
  })
  it('收到 counts the carried-over applications: 53 = 49 new + 4 carried is no disagreement', () => {
    const r = importReport(text.replace('全年新收政府信息公开申请49件，上年结转4件', '全年共收到政府信息公开申请53件'))
    expect(r.figures['requests.total']?.value).toBe(49)
    expect(r.problems).toEqual([])
  })
  it('text and table that disagree are flagged and the figure dropped', () => {
    const r = importReport(text.replace('全年新收政府信息公开申请49件', '全年新收政府信息公开申请50件'))
    expect(r.figures['requests.total']).toBeUndefined()
    expect(r.problems.some(p => p.kind === 'text-table' && p.keys.includes('requests.total'))).toBe(true)
  })
})

describe('legacy statistics tables', () => {
  const table = (rows: string) => wrap(`全年共受理政府信息公开申请5件。\n统计表\n指标\n单位\n数量\n${rows}`)
  it('maps rows through LEGACY_ROWS', () => {
    const r = importReport(table('受理申请数\n件\n5\n1.当面申请数\n件\n5\n同意公开数\n\n4\n信息不存在数\n1\n收取费用总数\n万元\n0.2'))
    expect(r.figures['requests.channel.inPerson']?.value).toBe(5)
    expect(r.figures['requests.outcome.notHeld']?.value).toBe(1)
    expect(r.figures['fees.total']).toMatchObject({ value: 2000, unit: '元' })
    expect(LEGACY_ROWS.find(r => r.key === 'requests.outcome.notHeld')?.modern).toBe('requests.outcome.unable')
  })
  it('never drops an unknown row silently', () => {
    const r = importReport(table('受理申请数\n5\n转办其他机关数\n2'))
    expect(r.problems.some(p => p.kind === 'unmapped-row' && p.message.includes('转办其他机关数'))).toBe(true)
  })
  it('reads both columns: 本年 and 历年累计 (proactive.cumulative)', () => {
    const r = importReport(wrap('统计表\n指标\t单位\t本年\t历年累计\n主动公开政府信息数\t条\t1215\t21510\n受理申请总数\t件\t6\t88\n网上申请数\t件\t4\t51'))
    expect(r.figures['proactive.total']?.value).toBe(1215)
    expect(r.figures['proactive.cumulative']?.value).toBe(21510)
    expect(r.figures['requests.total']?.value).toBe(6)
    expect(r.figures['requests.channel.online']?.value).toBe(4)
    expect(r.problems).toEqual([])
  })
  it('a flattened two-column row is read by its spaces; digits run together are not one value', () => {
    const r = importReport(wrap('统计表\n指标 单位 本年 累计\n主动公开政府信息数 条 1 21510\n受理申请总数 件 121510'))
    expect(r.figures['proactive.total']?.value).toBe(1)
    expect(r.figures['proactive.cumulative']?.value).toBe(21510)
    expect(r.figures['requests.total']).toBeUndefined()
    expect(r.problems.some(p => p.kind === 'run-together' && p.keys.includes('requests.total'))).toBe(true)
  })
  it('a blank 本年 cell of an HTML table keeps the running total in its column', () => {
    const r = importReport('<h1>某县2012年政府信息公开工作年度报告</h1><table><tr><td>指标</td><td>单位</td><td>本年</td><td>累计</td></tr><tr><td>主动公开政府信息数</td><td>条</td><td>&nbsp;</td><td>3400</td></tr></table>')
    expect(r.figures['proactive.cumulative']?.value).toBe(3400)
    expect(r.figures['proactive.total']).toBeUndefined()
  })
  it('a text figure that disagrees with the table is flagged (网上申请 3 vs 4)', () => {
    const r = importReport(wrap('全年共受理政府信息公开申请6件，其中网上申请3件。\n统计表\n指标\t单位\t数量\n受理申请总数\t件\t6\n网上申请数\t件\t4'))
    expect(r.figures['requests.channel.online']).toBeUndefined()
    expect(r.problems.some(p => p.kind === 'text-table' && p.keys.includes('requests.channel.online'))).toBe(true)
  })
  it('accepts a configured row map', () => {
    const r = importReport(table('受理申请数\n5\n转办其他机关数\n2'), { legacyRows: [...LEGACY_ROWS, { match: /^转办其他机关数$/, key: 'requests.outcome.notOurs' }] })
    expect(r.figures['requests.outcome.notOurs']?.value).toBe(2)
  })
})

describe('malformed input', () => {
  it.each([
    ['empty', ''],
    ['whitespace', ' \n\t '],
    ['binary', String.fromCharCode(...Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256))],
    ['NUL bytes', '\u0000\u0001\u0002'.repeat(1000)],
  ])('%s gives a report with problems', (_, raw) => {
    const r = importReport(raw)
    expect(r.figures).toEqual({})
    expect(r.problems.some(p => p.kind === 'input')).toBe(true)
  })
  it('a 50 MB input is capped with a problem, not a crash', () => {
    const seed = fixture('2021-flattened.txt')
    const huge = seed.repeat(Math.ceil(50_000_000 / seed.length))
    const r = importReport(huge)
    expect(r.problems.some(p => p.kind === 'input' && /truncated/.test(p.message))).toBe(true)
    expect(r.year).toBe(2021)
  })
  it('script in HTML is dropped, entities never become markup', () => {
    const r = importReport('<html><body><h1>某县2020年政府信息公开工作年度报告</h1><script>alert(1)</script><p onclick="x()">&lt;script&gt;alert(2)&lt;/script&gt;全年主动公开政府信息10条。</p><img src=x onerror=alert(3)></body></html>')
    expect(r.text).not.toMatch(/<|alert\(1\)|onerror/)
    expect(r.figures['proactive.total']?.value).toBe(10)
  })
  it('a crafted page of thousands of broken lists keeps a bounded list of problems', () => {
    const r = importReport(`某县2020年政府信息公开工作年度报告\n${'主动公开信息12条，其中1条，'.repeat(3_000)}`)
    expect(r.problems.length).toBe(201)
    expect(r.problems.at(-1)?.message).toMatch(/more problems not listed/)
  }, 20_000)
  it('unclosed tags and comments do not hang', () => {
    const r = importReport(`<div><!-- never closed ${'<p a="'.repeat(10_000)}`)
    expect(r.problems.length).toBeGreaterThan(0)
  })
})
