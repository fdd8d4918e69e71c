/**
 * `npm run bench [-- name...]`: runs every tests/bench/*.bench.ts (or the named ones), prints one
 * markdown table each with the machine it ran on, and writes tests/bench/results/latest.md.
 * Benchmarks compare against a peer or the raw limit measured in the same run, never a fixed time.
 */
import type { BenchTable } from './table'
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { toMarkdown } from './table'

const dir = new URL('./', import.meta.url)
const wanted = process.argv.slice(2)
const files = (await readdir(dir)).filter(f => f.endsWith('.bench.ts')).sort().filter(f => !wanted.length || wanted.some(w => f.startsWith(w)))

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`
const out: string[] = [`## Benchmarks (${new Date().toISOString().slice(0, 10)})`, '', `Machine: ${machine}`, '']
console.log(out.join('\n'))
for (const f of files) {
  const mod = await import(new URL(f, dir).href) as { default: () => Promise<BenchTable | BenchTable[]> }
  const tables = [await mod.default()].flat()
  for (const t of tables) {
    const md = toMarkdown(t)
    console.log(`${md}\n`)
    out.push(md, '')
  }
}
await mkdir(new URL('./results/', dir), { recursive: true })
await writeFile(new URL('./results/latest.md', dir), out.join('\n'))
