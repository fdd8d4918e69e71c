/**
 * Finding an agency by what a citizen types at a kiosk without a Chinese input method: its name or
 * short name, their full pinyin (`daowaiqu`) or initials (`dwq`), its region, or its codes. Every
 * query term must match somewhere. A directory is at most a few hundred agencies, so this is a
 * scan over keys built once per agency list, not an index.
 */
import type { Agency, AgencyLevel } from './types'
import { isPinyinTerm, normalizeText, queryTerms, titlePinyin } from '../search'
import { AGENCY_LEVEL_KEYS } from './types'

type Matchable = Pick<Agency, 'id' | 'name' | 'shortName' | 'region' | 'orgCode' | 'creditCode'>

export interface AgencyKey<A extends Matchable = Matchable> {
  agency: A
  text: string
  pinyin: string
}

/** Search keys for a list of agencies (build once, match on every keystroke). */
export function agencyKeys<A extends Matchable>(agencies: readonly A[]): AgencyKey<A>[] {
  return agencies.map((a) => {
    const names = [a.name, a.shortName ?? '', a.region].join(' ')
    return {
      agency: a,
      text: normalizeText([names, a.orgCode, a.creditCode ?? '', a.id].join(' ').toLowerCase()),
      pinyin: [a.name, a.shortName ?? ''].map(n => titlePinyin(normalizeText(n))).join(' '),
    }
  })
}

/** The agencies whose keys match every term of `query` (all of them for an empty query), in order. */
export function matchAgencies<A extends Matchable>(keys: readonly AgencyKey<A>[], query: string): A[] {
  const terms = queryTerms(query.toLowerCase())
  if (!terms.length)
    return keys.map(k => k.agency)
  return keys.filter(k => terms.every(t => k.text.includes(t) || (isPinyinTerm(t) && k.pinyin.includes(t)))).map(k => k.agency)
}

/** Agencies grouped by level (broadest first), then region, for pickers; names sorted within. */
export function groupAgencies<A extends Pick<Agency, 'level' | 'region' | 'name'>>(
  agencies: readonly A[],
  compare: (a: string, b: string) => number,
): { level: AgencyLevel, region: string, agencies: A[] }[] {
  const groups = new Map<string, { level: AgencyLevel, region: string, agencies: A[] }>()
  for (const a of agencies) {
    const k = `${a.level}\u0000${a.region}`
    let g = groups.get(k)
    if (!g)
      groups.set(k, g = { level: a.level, region: a.region, agencies: [] })
    g.agencies.push(a)
  }
  const rank = (l: AgencyLevel) => AGENCY_LEVEL_KEYS.indexOf(l)
  return [...groups.values()]
    .sort((x, y) => rank(x.level) - rank(y.level) || compare(x.region, y.region))
    .map(g => ({ ...g, agencies: g.agencies.sort((x, y) => compare(x.name, y.name)) }))
}
