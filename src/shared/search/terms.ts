/**
 * What a query term may also be written as. A citizen types 年报 for the reports titled
 * 政府信息公开工作年度报告, 國務院 on a Hong Kong or Taiwan keyboard, 预决算 for either budget. Each
 * query term becomes a group of variants; an entry matches the term when it matches ANY variant
 * (the terms themselves are still ANDed). Variants are exact substrings again, so the index keeps
 * its exact semantics: the synonym table is small, written by hand, and documented in
 * docs/search.md, not a fuzzy matcher.
 */
import { normalizeText, queryTerms } from './normalize'

/**
 * Domain synonyms: a word as citizens say it → how catalog titles write it. Matched inside a term
 * (2023年报 → 2023年度报告). Keep it short; every line must be a true equivalence in this domain.
 */
export const SEARCH_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  // The annual report on government information disclosure (Art. 49/50), under its usual titles.
  年报: ['年度报告', '政府信息公开工作报告', '政府信息公开工作情况报告'],
  // 国务院办公厅, as its 文号 prefix 国办发 abbreviates it.
  国办: ['国务院办公厅'],
  // Budgets and final accounts are published together as 预决算.
  预决算: ['预算', '决算'],
}

/** Turns a string into another script (e.g. traditional → simplified); identity when absent. */
export type TextFold = (text: string) => string

/** The variants of one normalised term: itself, its folded form, and their synonym rewrites. */
export function termVariants(term: string, fold?: TextFold): string[] {
  const out = new Set([term])
  if (fold) {
    const folded = normalizeText(fold(term))
    if (folded.length)
      out.add(folded)
  }
  for (const t of [...out]) {
    for (const [word, alts] of Object.entries(SEARCH_SYNONYMS)) {
      if (t.includes(word)) {
        for (const alt of alts)
          out.add(t.replaceAll(word, alt))
      }
    }
  }
  return [...out]
}

/** A query's terms, each as its group of variants (see termVariants). */
export function queryGroups(text: string, fold?: TextFold): string[][] {
  return queryTerms(text).map(t => termVariants(t, fold))
}
