/**
 * Lighthouse (mobile preset: simulated slow 4G and a 4× slower CPU) against the built app served by
 * the real server, in the system Chromium, on the pages a citizen starts from. Targets from issue 7:
 * performance ≥ 0.9, accessibility ≥ 0.95, best practices ≥ 0.95; and the JavaScript the home page
 * needs, gzipped, under 150 KB, with ECharts nowhere in it.
 */
import type { BenchTable } from './table'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { chromiumPath } from '../e2e/chromium'
import { startServer } from '../e2e/server'

const PAGES = [
  { name: 'home', path: '/' },
  { name: 'report', path: '/reports/000_082e8fa0d6cdabd7' },
  { name: 'search', path: '/catalog' },
  { name: 'apply', path: '/apply' },
]
const TARGET = { 'performance': 0.9, 'accessibility': 0.95, 'best-practices': 0.95 } as const
const HOME_JS_LIMIT_KB = 150

const FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

interface NetworkItem { url: string, resourceType?: string, transferSize?: number }

export default async function bench(): Promise<BenchTable[]> {
  if (!existsSync(fileURLToPath(new URL('../../dist/index.html', import.meta.url))))
    throw new Error('lighthouse bench runs against the built app: run `npm run build` first.')
  const server = await startServer()
  const chrome = await chromeLauncher.launch({ chromePath: chromiumPath(), chromeFlags: FLAGS })
  const rows: (string | number)[][] = []
  let homeJs: { kb: number, files: string[] } | undefined
  const misses: string[] = []
  try {
    for (const p of PAGES) {
      const result = await lighthouse(`${server.url}${p.path}`, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: Object.keys(TARGET),
      })
      const lhr = result!.lhr
      // LIGHTHOUSE_DUMP=<dir> keeps each page's full report (bootup-time, long-tasks, mainthread-work-breakdown…).
      if (process.env.LIGHTHOUSE_DUMP) {
        mkdirSync(process.env.LIGHTHOUSE_DUMP, { recursive: true })
        writeFileSync(join(process.env.LIGHTHOUSE_DUMP, `${p.name}.json`), JSON.stringify(lhr))
      }
      const score = (id: keyof typeof TARGET) => lhr.categories[id]?.score ?? 0
      for (const id of Object.keys(TARGET) as (keyof typeof TARGET)[]) {
        if (score(id) < TARGET[id])
          misses.push(`${p.name} ${id} ${score(id).toFixed(2)} < ${TARGET[id]}`)
      }
      const audit = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN
      rows.push([p.name, p.path, score('performance'), score('accessibility'), score('best-practices'), Math.round(audit('first-contentful-paint')), Math.round(audit('largest-contentful-paint')), Math.round(audit('total-blocking-time'))])
      if (p.name === 'home') {
        const items = ((lhr.audits['network-requests']?.details as { items?: NetworkItem[] } | undefined)?.items ?? [])
          .filter(i => i.resourceType === 'Script' && !/\/sw\.js$/.test(i.url))
        homeJs = { kb: items.reduce((s, i) => s + (i.transferSize ?? 0), 0) / 1024, files: items.map(i => new URL(i.url).pathname) }
      }
    }
  }
  finally {
    chrome.kill()
    await server.dispose()
  }
  const echartsOnHome = homeJs?.files.some(f => /echarts/i.test(f)) ?? false
  if (homeJs && homeJs.kb >= HOME_JS_LIMIT_KB)
    misses.push(`home JavaScript ${homeJs.kb.toFixed(1)} KB gz ≥ ${HOME_JS_LIMIT_KB} KB`)
  if (echartsOnHome)
    misses.push('ECharts is loaded on the home page')
  return [
    {
      title: 'Lighthouse, mobile preset (scores 0–1; times in ms, simulated)',
      columns: ['page', 'path', 'performance', 'accessibility', 'best practices', 'FCP', 'LCP', 'TBT'],
      rows,
      notes: [`targets: performance ≥ ${TARGET.performance}, accessibility ≥ ${TARGET.accessibility}, best practices ≥ ${TARGET['best-practices']}`, misses.length ? `MISSED: ${misses.join('; ')}` : 'all targets met'],
    },
    {
      title: 'JavaScript needed for the home page (transferred, gzip)',
      columns: ['files', 'KB gz', 'limit KB', 'ECharts loaded'],
      rows: [[homeJs?.files.length ?? 0, homeJs?.kb ?? Number.NaN, HOME_JS_LIMIT_KB, echartsOnHome ? 'yes' : 'no']],
      notes: homeJs?.files.length ? [`files: ${homeJs.files.join(', ')}`] : [],
    },
  ]
}
