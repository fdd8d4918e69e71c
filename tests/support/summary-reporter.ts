/**
 * Prints one plain closing line, "tests: N passed, N failed[, N skipped]", after the whole run, so
 * CI and humans read the outcome the same way whichever runner printed above it.
 */
import type { Reporter, TestModule } from 'vitest/node'

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const m of testModules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state
        if (state === 'passed')
          passed++
        else if (state === 'failed')
          failed++
        else
          skipped++
      }
      if (m.state() === 'failed' && ![...m.children.allTests()].some(t => t.result().state === 'failed'))
        failed++ // a file that failed to load counts as a failure
    }
    console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
  }
}
