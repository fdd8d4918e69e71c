// One tool for lint and format (DESIGN.md §11). Import boundaries are enforced by a local rule
// (scripts/eslint/boundaries.js): shared/ imports nothing of ours; server/ imports only shared/;
// components and pages never import data/.
import antfu from '@antfu/eslint-config'
import gongkai from './scripts/eslint/boundaries.js'

export default antfu(
  {
    vue: true,
    typescript: true,
    ignores: ['dist/**', 'data/**', 'node_modules/**', 'tests/bench/results/**', 'src/server/seed-data/**'],
  },
  {
    plugins: { gongkai },
    rules: {
      'gongkai/boundaries': 'error',
      'no-console': 'off',
      'node/prefer-global/process': 'off',
      'node/prefer-global/buffer': 'off',
      // Scripts and tests are ES modules run by Node 20: top-level await is fine there.
      'antfu/no-top-level-await': 'off',
    },
  },
)
