/**
 * `npm run import -- FILE...` reads annual reports (text or HTML) and stores them; re-importing a
 * report updates it (identity: agency + year, see reportIdFor). `--dry-run` stores nothing;
 * `--json` prints one object per file (`npm run --silent import -- --dry-run --json FILE...`).
 * Storage is the server's: DATABASE_URL, else PGlite in DATA_DIR/pglite.
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { readConfig } from '../platform/config'
import { openDb } from '../platform/db'
import { migrate } from '../platform/db/migrate'
import { importFiles } from '../reports/import-files'

const USAGE = `用法 (usage): npm run import -- [--dry-run] [--json] FILE...
  --dry-run  只读取，不保存 (read only, store nothing)
  --json     输出 JSON 数组 (print a JSON array, one object per file)`

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean', default: false }, 'json': { type: 'boolean', default: false }, 'help': { type: 'boolean', short: 'h', default: false } },
  })
  if (values.help || !positionals.length) {
    console.error(USAGE)
    return values.help ? 0 : 2
  }
  const dryRun = values['dry-run']
  const json = values.json
  const config = readConfig()
  const db = dryRun ? undefined : await openDb({ url: config.databaseUrl, dataDir: join(config.dataDir, 'pglite') })
  try {
    if (db)
      await migrate(db)
    const results = await importFiles(positionals, {
      db,
      // progress goes to stderr so that --json output stays parseable
      onProgress: (done, total, file) => {
        if (!json)
          console.error(`[${done}/${total}] ${file}`)
      },
    })
    if (json) {
      console.log(JSON.stringify(results, null, 2))
    }
    else {
      for (const r of results) {
        if (r.error) {
          console.log(`✗ ${r.file}: ${r.error}`)
          continue
        }
        const verb = dryRun ? '读取 (read)' : `已保存 (stored) ${r.id}`
        console.log(`✓ ${r.file}: ${verb} · ${r.agency} · ${r.year ?? '年度不明'} · ${r.template} · ${Object.keys(r.figures ?? {}).length} figures · ${r.problems?.length ?? 0} problems`)
        for (const p of r.problems ?? [])
          console.log(`    ! ${p.message}`)
      }
    }
    return results.some(r => r.error) ? 1 : 0
  }
  finally {
    await db?.close()
  }
}

try {
  process.exitCode = await main()
}
catch (err) {
  console.error(err)
  process.exitCode = 1
}
