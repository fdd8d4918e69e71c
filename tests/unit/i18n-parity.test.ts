/**
 * Chinese first, English second, and never a raw key on screen: every message key of the app
 * locales and of each feature's i18n.ts exists in both zh-CN and en, with a non-empty string, and
 * the same {placeholders} on both sides.
 */
import type { FeatureMessages } from '~/app/types'
import { describe, expect, it } from 'vitest'
import en from '~/app/locales/en'
import zh from '~/app/locales/zh-CN'

const features = import.meta.glob<FeatureMessages>('../../src/features/*/i18n.ts', { eager: true, import: 'default' })

/** Every leaf as [dotted key, string]. */
function leaves(tree: unknown, prefix = ''): [string, unknown][] {
  if (tree === null || typeof tree !== 'object')
    return [[prefix, tree]]
  return Object.entries(tree).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k))
}

const placeholders = (s: unknown) => typeof s === 'string' ? [...s.matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort() : []

const sets: [string, unknown, unknown][] = [
  ['app/locales', zh, en],
  ...Object.entries(features).map(([path, m]) => [path.replace('../../src/', ''), m['zh-CN'], m.en] as [string, unknown, unknown]),
]

describe('i18n parity', () => {
  it('finds every feature\'s messages', () => {
    expect(Object.keys(features).length).toBeGreaterThanOrEqual(6)
  })

  it.each(sets)('%s: the same keys in zh-CN and en, all non-empty strings with the same placeholders', (_name, zhTree, enTree) => {
    const z = new Map(leaves(zhTree))
    const e = new Map(leaves(enTree))
    expect([...z.keys()].filter(k => !e.has(k)), 'missing in en').toEqual([])
    expect([...e.keys()].filter(k => !z.has(k)), 'missing in zh-CN').toEqual([])
    for (const [k, v] of z) {
      expect(typeof v === 'string' && v.trim().length > 0, `zh-CN ${k}`).toBe(true)
      expect(typeof e.get(k) === 'string' && (e.get(k) as string).trim().length > 0, `en ${k}`).toBe(true)
      expect(placeholders(e.get(k)), `placeholders of ${k}`).toEqual(placeholders(v))
    }
  })

  it('no two features claim the same top-level namespace', () => {
    const seen = new Map<string, string>(Object.keys(zh).map(k => [k, 'app/locales']))
    for (const [path, m] of Object.entries(features)) {
      for (const ns of Object.keys(m['zh-CN'])) {
        expect(seen.get(ns), `${ns} in ${path}`).toBeUndefined()
        seen.set(ns, path)
      }
    }
  })
})
