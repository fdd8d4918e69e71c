/**
 * What the no-raw-keys walk looks for, shared with the axe walk (which visits 我的申请 in states
 * only a device that applied reaches): visible text that looks like an i18n key or an internal code.
 */
import type { Page } from 'playwright-core'

/** Visible text that looks like a key or a code; web addresses and `e.g.` are allowed. */
export async function rawTokens(page: Page): Promise<string[]> {
  // innerText, not textContent: only what is rendered (a closed <details> or a hidden menu is not).
  // eslint-disable-next-line unicorn/prefer-dom-node-text-content
  const text = await page.evaluate(() => document.body.innerText)
  const found = new Set<string>()
  // Web addresses in a report's text (ws.cq.gov.cn) are content, not keys.
  const address = /^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:cn|com|net|org|gov)$|^(?:e\.g|i\.e)$/
  for (const re of [
    /\b[a-z][a-zA-Z0-9]*(?:\.[a-zA-Z][a-zA-Z0-9]*)+\b/g, // a.b.c (i18n keys, figure keys, audit actions)
    /\b[a-z]+[A-Z][a-zA-Z]*\b/g, // camelCase codes (amendmentReceived, rateLimited)
    /\b[a-z]+_[a-z_]+\b/g, // snake_case codes (rate_limited)
  ]) {
    for (const m of text.matchAll(re)) {
      if (!address.test(m[0]))
        found.add(m[0])
    }
  }
  return [...found]
}

/** English words followed by Chinese full-width punctuation (`Doc no.：`): a label glued in code. */
export async function fullWidthAfterEnglish(page: Page): Promise<string[]> {
  // eslint-disable-next-line unicorn/prefer-dom-node-text-content
  const text = await page.evaluate(() => document.body.innerText)
  return [...new Set([...text.matchAll(/[A-Z.] ?[：（]/gi)].map(m => m[0]))]
}
