import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromiumPath } from './chromium'

/** Fails the e2e run up front, with a fix, when its prerequisites are missing. */
export default function setup(): void {
  chromiumPath()
  const index = fileURLToPath(new URL('../../dist/index.html', import.meta.url))
  if (!existsSync(index))
    throw new Error('End-to-end tests run against the built app, and dist/ is missing: run `npm run build` (npm test does it for you).')
}
