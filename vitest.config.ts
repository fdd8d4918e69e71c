import { fileURLToPath, URL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

const alias = { '~': fileURLToPath(new URL('./src', import.meta.url)) }

/**
 * The long browser walks: every page under axe, every page for raw keys, the chaos run. They are
 * their own project so `npm test` (unit, server, e2e) stays under 15 minutes on a 2-core machine;
 * `npm run test:long` runs them, and `.ci/run` runs both.
 */
const LONG_E2E = ['tests/e2e/a11y.test.ts', 'tests/e2e/chaos.test.ts', 'tests/e2e/no-raw-keys.test.ts']
const e2eProject: { environment: 'node', globalSetup: string[], fileParallelism: boolean, testTimeout: number, hookTimeout: number } = {
  environment: 'node',
  globalSetup: ['tests/e2e/global-setup.ts'],
  // One browser walk at a time: each starts servers and Chromium, and some own the clock.
  fileParallelism: false,
  testTimeout: 120_000,
  hookTimeout: 120_000,
}

/**
 * Projects, by runtime (DESIGN.md §12):
 * - unit: pure shared/ code and client modules (fake-indexeddb stands in only where no browser runs),
 * - server: real HTTP against the app factory and a real database (PGlite always, PostgreSQL when DATABASE_URL is set),
 * - e2e: the built app served by the real server, driven in the system Chromium;
 * - e2e-long: the long walks (LONG_E2E above).
 * Two workers even on two cores (vitest's default is cores − 1): unit and server files run beside
 * the one browser walk at a time, which roughly halves the wall time of `npm test` here. Server
 * tests on PostgreSQL each get their own schema (tests/server/helpers.ts), so they can overlap.
 */
export default defineConfig({
  resolve: { alias },
  plugins: [vue()],
  test: {
    maxWorkers: 2,
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', setupFiles: ['tests/support/indexeddb.ts'] },
      },
      {
        extends: true,
        test: { name: 'server', include: ['tests/server/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 60_000 },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], exclude: LONG_E2E, ...e2eProject },
      },
      {
        extends: true,
        test: { name: 'e2e-long', include: LONG_E2E, ...e2eProject },
      },
    ],
  },
})
