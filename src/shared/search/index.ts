/** Offline catalog search: see search-index.ts for the design and docs/search.md for the API. */
export { isPinyinTerm, normalizeText, queryTerms } from './normalize'
export { pinyinRanges, titlePinyin } from './pinyin'
export { SearchIndex } from './search-index'
export { termVariants } from './terms'
export { loadTraditionalFold } from './traditional'
export * from './types'
