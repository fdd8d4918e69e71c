/** The import boundaries of DESIGN.md are enforced by lint: prove the rule fires where it should, and only there. */
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: new URL('../../', import.meta.url).pathname })

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file })
  return result!.messages.filter(m => m.ruleId === 'gongkai/boundaries').map(m => m.message)
}

describe('import boundaries', () => {
  // Loading the lint config takes a while on a busy machine; do it once, outside the per-test timeout.
  beforeAll(() => eslint.lintText('', { filePath: 'src/shared/warmup.ts' }), 120_000)

  it.each([
    ['src/shared/x.ts', `import { getDb } from '../data/db'\n\nexport const a = getDb\n`, true],
    ['src/shared/x.ts', `import { ref } from 'vue'\n\nexport const a = ref\n`, true],
    ['src/shared/x.ts', `import { readFile } from 'node:fs/promises'\n\nexport const a = readFile\n`, true],
    ['src/shared/deep/x.ts', `import type { ReportSummary } from '../api'\n\nexport type A = ReportSummary\n`, false],
    ['src/server/x.ts', `import { getDb } from '~/data/db'\n\nexport const a = getDb\n`, true],
    ['src/server/routes/x.ts', `import { buildApp } from '../app'\n\nexport const a = buildApp\n`, false],
    ['src/server/x.ts', `import { importReport } from '../shared/importer'\n\nexport const a = importReport\n`, false],
    ['src/features/reports/components/X.ts', `import { getDb } from '~/data/db'\n\nexport const a = getDb\n`, true],
    ['src/features/reports/pages/X.ts', `import Dexie from 'dexie'\n\nexport const a = Dexie\n`, true],
    ['src/features/reports/composables/x.ts', `import { getDb } from '~/data/db'\n\nexport const a = getDb\n`, false],
    ['src/app/modules/x.ts', `import { buildApp } from '~/server/platform/app'\n\nexport const a = buildApp\n`, true],
  ])('%s: %s → rejected: %s', async (file, code, rejected) => {
    const errors = await boundaryErrors(file, code)
    expect(errors.length > 0, errors.join('; ')).toBe(rejected)
  })
})
