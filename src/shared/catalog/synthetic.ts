/**
 * A deterministic generator of a large, clearly synthetic disclosure catalog, for benchmarks and
 * load tests. Entry i depends only on (seed, i): the same seed and count give identical output,
 * and a smaller count is a prefix of a larger one. Every entry has `synthetic: true`, an id
 * starting `syn-`, and a body that says it is sample data, so it can never pass for a real
 * document; the titles themselves read like real ones (关于印发…的通知, …年度部门预算公开,
 * 政府信息公开工作年度报告), so search sees realistic text.
 */
import type { CatalogAgency, CatalogCategory, CatalogEntry, Disclosure } from './types'

/** mulberry32: tiny, fast and good enough to spread synthetic data. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function mix(seed: number, i: number): number {
  let h = Math.imul(seed ^ 0x9E3779B9, 0x85EBCA6B) ^ Math.imul(i + 1, 0xC2B2AE35)
  h ^= h >>> 16
  h = Math.imul(h, 0x7FEB352D)
  return (h ^ (h >>> 15)) >>> 0
}

interface AgencySpec extends CatalogAgency {
  /** Prefixes of the 文号 this agency issues. */
  docPrefixes: string[]
  place: string
}

const AGENCIES: AgencySpec[] = [
  { id: 'syn-gwyb', name: '国务院办公厅', orgCode: '11100000000013127X', docPrefixes: ['国办发', '国办函'], place: '全国' },
  { id: 'syn-cq', name: '重庆市人民政府办公厅', orgCode: '115000000092757839', docPrefixes: ['渝府办发', '渝府办'], place: '重庆市' },
  { id: 'syn-jscz', name: '江苏省财政厅', orgCode: '11320000014000381A', docPrefixes: ['苏财预', '苏财办'], place: '江苏省' },
  { id: 'syn-cy', name: '北京市朝阳区人民政府', orgCode: '11110105000080125C', docPrefixes: ['朝政发', '朝政办发'], place: '朝阳区' },
  { id: 'syn-js', name: '津市市人民政府', orgCode: '114307810063048220', docPrefixes: ['津政发', '津政办发'], place: '津市市' },
  { id: 'syn-szhj', name: '深圳市生态环境局', orgCode: '11440300MB2C92039H', docPrefixes: ['深环', '深环函'], place: '深圳市' },
  { id: 'syn-hzjy', name: '杭州市教育局', orgCode: '113301000024986405', docPrefixes: ['杭教', '杭教办'], place: '杭州市' },
  { id: 'syn-cdws', name: '成都市卫生健康委员会', orgCode: '11510100MB1F3372X7', docPrefixes: ['成卫健', '成卫健函'], place: '成都市' },
]

/** Top-level 主题分类 names from the seed reports, with children and the title kinds they hold. */
const TREE: { name: string, children: string[], kinds: Kind[] }[] = [
  { name: '机构信息', children: ['机构职能', '领导信息', '内设机构'], kinds: ['duty'] },
  { name: '政策法规', children: ['规范性文件', '政策解读'], kinds: ['issue', 'opinion', 'interpret'] },
  { name: '人事信息', children: ['人事任免', '公务员招录'], kinds: ['appoint', 'recruit'] },
  { name: '规划计划', children: ['发展规划', '年度计划'], kinds: ['plan', 'issue'] },
  { name: '统计信息', children: ['统计公报', '统计数据'], kinds: ['stats'] },
  { name: '财政信息', children: ['财政预算', '财政决算', '三公经费'], kinds: ['budget', 'final'] },
  { name: '应急管理', children: ['应急预案', '突发事件'], kinds: ['emergency', 'notice'] },
  { name: '工作动态', children: ['政务要闻', '部门动态'], kinds: ['news'] },
  { name: '工作总结', children: [], kinds: ['summary', 'report'] },
  { name: '法规文件', children: [], kinds: ['issue', 'reply'] },
  { name: '决策信息', children: ['重大决策', '会议纪要'], kinds: ['decision'] },
  { name: '公共资源', children: ['政府采购', '工程建设项目'], kinds: ['procure'] },
  { name: '社会服务', children: ['教育', '医疗卫生', '社会保障', '就业创业'], kinds: ['notice', 'list'] },
]

type Kind = 'duty' | 'issue' | 'opinion' | 'interpret' | 'appoint' | 'recruit' | 'plan' | 'stats' | 'budget' | 'final'
  | 'emergency' | 'notice' | 'news' | 'summary' | 'report' | 'reply' | 'decision' | 'procure' | 'list'

const TOPICS = ['安全生产', '优化营商环境', '乡村振兴', '生态环境保护', '城市更新', '数字政府建设', '养老服务体系建设', '义务教育', '医疗保障', '就业创业', '防汛抗旱', '森林防火', '食品安全', '老旧小区改造', '科技创新', '政务公开', '政府信息公开', '住房保障', '河长制', '农村人居环境整治', '大气污染防治', '5G基站建设', '新能源汽车推广应用', '消费品以旧换新', '政府和社会资本合作（PPP）', '基层治理', '文化旅游融合发展', '普惠托育服务', '高标准农田建设', '12345政务服务便民热线', '“放管服”改革', '社会信用体系建设']
const DOCS = ['实施方案', '管理办法', '工作方案', '行动计划', '实施细则', '工作要点', '考核办法', '专项规划', '三年行动方案']
const EVENTS = ['暴雨灾害', '森林火灾', '地震灾害', '突发公共卫生事件', '道路交通事故', '危险化学品事故']
const STATS = ['国民经济和社会发展', '规模以上工业增加值', '社会消费品零售总额', '居民消费价格', '城镇居民人均可支配收入', '固定资产投资']
const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗']
const POSTS = ['局长', '副局长', '主任', '副主任', '处长', '科长']
const PROJECTS = ['办公设备', '信息化平台运维服务', '道路改造工程', '校舍维修工程', '医疗设备', '物业管理服务', '绿化养护']
const LEADS = ['为深入贯彻落实党中央、国务院决策部署', '为进一步规范工作程序', '根据《中华人民共和国政府信息公开条例》规定', '经研究同意', '为切实做好相关工作', '按照上级有关要求', '为加快推进高质量发展']
const AIMS = ['现将有关事项通知如下', '结合本地实际，制定本方案', '明确了工作目标、主要任务和保障措施', '请认真贯彻执行', '现予以公开', '对有关工作作出部署', '涉及职责分工、时间安排和监督考核等内容']

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!
}

function int(r: () => number, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1))
}

function title(r: () => number, kind: Kind, a: AgencySpec, year: number): string {
  const topic = pick(r, TOPICS)
  switch (kind) {
    case 'duty': return `${a.name}${pick(r, ['主要职责', '内设机构设置', '领导分工', '机构概况'])}`
    case 'issue': return `${a.name}关于印发《${a.place}${topic}${pick(r, DOCS)}》的通知`
    case 'opinion': return `关于${pick(r, ['加快推进', '进一步加强', '全面推进', '深化'])}${topic}的实施意见`
    case 'interpret': return `《${a.place}${topic}${pick(r, DOCS)}》政策解读`
    case 'appoint': return r() < 0.5 ? `关于${pick(r, SURNAMES)}某某等同志职务任免的通知` : `关于${pick(r, SURNAMES)}某某同志任${pick(r, POSTS)}的通知`
    case 'recruit': return `${a.name}${year}年公开招聘工作人员公告`
    case 'plan': return `${a.place}“十${pick(r, ['三', '四', '五'])}五”${topic}规划`
    case 'stats': return `${year}年${int(r, 1, 12)}月${a.place}${pick(r, STATS)}统计数据`
    case 'budget': return `${a.name}${year}年度部门预算公开`
    case 'final': return `${a.name}${year - 1}年度部门决算公开`
    case 'emergency': return `${a.place}${pick(r, EVENTS)}应急预案（${year}年修订）`
    case 'notice': return `关于做好${year}年${topic}工作的通知`
    case 'news': return `${a.place}召开${topic}工作推进会`
    case 'summary': return `${a.name}${year}年${topic}工作总结`
    case 'report': return `${a.name}${year - 1}年政府信息公开工作年度报告`
    case 'reply': return `关于${a.place}${topic}有关问题的批复`
    case 'decision': return `${a.name}关于${topic}的决定`
    case 'procure': return `${a.name}${pick(r, PROJECTS)}采购项目${pick(r, ['中标结果公告', '招标公告', '成交公告'])}`
    case 'list': return `关于公布${year}年${topic}名单的公告`
  }
}

function summary(r: () => number, t: string): string {
  const parts = [`${pick(r, LEADS)}，${pick(r, AIMS)}。`]
  const more = int(r, 0, 3)
  for (let i = 0; i < more; i++)
    parts.push(`${pick(r, ['本文件', '该信息', '主要内容'])}${pick(r, ['涉及', '围绕', '聚焦'])}${pick(r, TOPICS)}，${pick(r, AIMS)}。`)
  return r() < 0.3 ? `${t}。${parts.join('')}` : parts.join('')
}

export interface SyntheticCatalog {
  agencies: CatalogAgency[]
  categories: CatalogCategory[]
  entries: CatalogEntry[]
}

export interface SyntheticOptions {
  seed?: number
  count: number
  /** Generate body text (default true); benchmarks of the index can skip it to save memory. */
  withBody?: boolean
}

/** The synthetic agencies and their category trees (fixed; they do not depend on the seed). */
export function syntheticAgencies(): { agencies: CatalogAgency[], categories: CatalogCategory[] } {
  const agencies = AGENCIES.map(({ id, name, orgCode }) => ({ id, name, orgCode }))
  const categories: CatalogCategory[] = []
  for (const a of AGENCIES) {
    TREE.forEach((top, i) => {
      const id = `${a.id}-c${String(i + 1).padStart(2, '0')}`
      categories.push({ id, agencyId: a.id, parentId: null, name: top.name, order: i })
      top.children.forEach((name, j) => {
        categories.push({ id: `${id}-${String(j + 1).padStart(2, '0')}`, agencyId: a.id, parentId: id, name, order: j })
      })
    })
  }
  return { agencies, categories }
}

const DAY = 86_400_000
const START = Date.UTC(2008, 0, 1)
const END = Date.UTC(2025, 11, 31)

/** One synthetic entry, a pure function of (seed, i). */
export function syntheticEntry(seed: number, i: number, withBody = true): CatalogEntry {
  const r = rng(mix(seed, i))
  // Agencies publish unevenly; recent years more than old ones.
  const a = AGENCIES[Math.min(AGENCIES.length - 1, Math.floor(r() ** 1.4 * AGENCIES.length))]!
  const published = END - Math.floor(r() ** 1.8 * (END - START) / DAY) * DAY
  const year = new Date(published).getUTCFullYear()
  const topIndex = Math.floor(r() ** 1.2 * TREE.length)
  const top = TREE[topIndex]!
  const topId = `${a.id}-c${String(topIndex + 1).padStart(2, '0')}`
  const categoryId = top.children.length && r() < 0.8 ? `${topId}-${String(int(r, 1, top.children.length)).padStart(2, '0')}` : topId
  const t = title(r, pick(r, top.kinds), a, year)
  const docNo = r() < 0.55 ? `${pick(r, a.docPrefixes)}〔${year}〕${int(r, 1, 120)}号` : null
  const x = r()
  const disclosure: Disclosure = x < 0.86 ? 'proactive' : x < 0.97 ? 'onRequest' : 'notDisclosed'
  const created = published - int(r, 0, 20) * DAY
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10)
  const s = summary(r, t)
  let body = ''
  if (withBody) {
    const paras = ['（示例数据，非真实文件。）', s]
    const n = int(r, 2, 8)
    for (let p = 0; p < n; p++)
      paras.push(`${pick(r, ['一', '二', '三', '四', '五', '六', '七', '八'])}、${pick(r, LEADS)}，${pick(r, TOPICS)}${pick(r, ['工作取得积极进展', '任务全面完成', '各项措施落实到位'])}。${pick(r, AIMS)}。`)
    body = paras.join('\n\n')
  }
  const attachments = r() < 0.3 ? [{ name: `${t}.pdf`, url: `https://example.invalid/synthetic/${i}.pdf` }] : []
  return {
    id: `syn-${i}`,
    indexNo: `${a.orgCode}/${year}-${String(i + 1).padStart(5, '0')}`,
    title: t,
    agency: a.name,
    agencyId: a.id,
    createdAt: iso(created),
    publishedAt: iso(published),
    docNo,
    categoryId,
    disclosure,
    summary: s,
    body,
    attachments,
    updatedAt: `${iso(published)}T08:00:00.000Z`,
    synthetic: true,
  }
}

/** A synthetic catalog of `count` entries; identical for the same seed and count. */
export function generateCatalog(options: SyntheticOptions): SyntheticCatalog {
  const seed = options.seed ?? 1
  const entries: CatalogEntry[] = []
  for (let i = 0; i < options.count; i++)
    entries.push(syntheticEntry(seed, i, options.withBody ?? true))
  return { ...syntheticAgencies(), entries }
}
