/**
 * Traditional → simplified folding of queries, with OpenCC's tables (opencc-js, its `t2cn` build:
 * ~110 KB, ~52 KB gzipped). The catalog is written in simplified characters; a query typed in
 * traditional ones (條例, 國務院辦公廳) is folded before it is looked up. Loaded on demand (a
 * dynamic import, its own chunk), so only the search worker ever downloads it.
 */
import type { TextFold } from './terms'

let loading: Promise<TextFold> | null = null

/** The traditional → simplified converter, loaded once. */
export function loadTraditionalFold(): Promise<TextFold> {
  loading ??= import('opencc-js/t2cn').then(({ Converter }) => {
    const convert = Converter({ from: 't', to: 'cn' })
    // Queries without a single Han character (pinyin, 文号 digits) skip the converter.
    return (text: string) => /\p{Script=Han}/u.test(text) ? convert(text) : text
  })
  return loading
}
