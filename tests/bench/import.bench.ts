/**
 * Importer throughput: 1,000 reports of seed size (the five seeds cycled, each copy with a number,
 * the agency's place name and a line varied so that nothing can be cached), one core, one thread.
 * Compared against the raw limit measured in the same run: a pass that only normalises and splits
 * the same texts, and against the 200 reports/s target of the annual-reports issue.
 */
import type { BenchTable } from './table'
import { readdirSync, readFileSync } from 'node:fs'
import { SEED_REPORTS_DIR } from '../../src/server/platform/seed'
import { importReport } from '../../src/shared/importer'

const TARGET = 200
const N = 1000

function inputs(): string[] {
  const seeds = readdirSync(SEED_REPORTS_DIR).filter(f => f.endsWith('.txt')).sort().map(f => readFileSync(SEED_REPORTS_DIR + f, 'utf8'))
  return Array.from({ length: N }, (_, i) => {
    const s = seeds[i % seeds.length]!
    let k = 0
    return `${s.replace(/(\d{2,})([条件])/g, (m, n: string, u: string) => (k++ === i % 5 ? `${Number(n) + (i % 17)}${u}` : m))}\n本报告第${i}份。`
  })
}

/** Wall seconds and CPU seconds of this (single-threaded) process: on a shared machine the CPU time is what one core spent. */
function time(fn: () => void): { wall: number, cpu: number } {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  fn()
  const c = process.cpuUsage(c0)
  return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 }
}

export default async function bench(): Promise<BenchTable> {
  const texts = inputs()
  const chars = texts.reduce((a, t) => a + t.length, 0)
  for (const t of texts.slice(0, 50)) // warm up the JIT
    importReport(t)
  let figures = 0
  const full = time(() => {
    for (const t of texts)
      figures += Object.keys(importReport(t).figures).length
  })
  let lines = 0
  const raw = time(() => {
    for (const t of texts)
      lines += t.normalize('NFKC').split('\n').length
  })
  const rate = N / full.cpu
  return {
    title: 'Report import (src/shared/importer), 1,000 seed-size reports, one core',
    columns: ['pass', 'wall s', 'CPU s', 'reports/s (wall)', 'reports/s (CPU)', 'ratio to 200 reports/s target (CPU)'],
    rows: [
      ['importReport (full)', full.wall, full.cpu, Math.round(N / full.wall), Math.round(rate), `${(rate / TARGET).toFixed(1)}×`],
      ['raw limit: NFKC + split lines only', raw.wall, raw.cpu, Math.round(N / raw.wall), Math.round(N / raw.cpu), `${(N / raw.cpu / TARGET).toFixed(1)}×`],
    ],
    notes: [
      `${N} reports, ${(chars / N / 1000).toFixed(1)} thousand characters each on average; ${figures} figures read in all (${lines} lines in the raw pass).`,
      `Target: ${TARGET} reports/s (issue 3). Result: ${rate >= TARGET ? 'met' : 'NOT met'} (CPU time includes garbage collection; wall time also counts waiting for a shared core).`,
    ],
  }
}
