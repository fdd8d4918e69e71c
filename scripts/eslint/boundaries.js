// A small ESLint rule for DESIGN.md's import boundaries: it resolves each import (relative or `~/`)
// to the top folder under src/ it lands in, and checks it against what the importing layer may use.
import { dirname, relative, resolve, sep } from 'node:path'

const SRC = resolve(import.meta.dirname, '../../src')

/** Where a file sits: 'shared', 'server', 'sw', 'data', 'sync', 'app', 'features' and for UI files `ui`. */
function layerOf(file) {
  const rel = relative(SRC, file)
  if (rel.startsWith('..'))
    return null
  return rel.split(sep)[0]
}

function isUi(file) {
  const rel = relative(SRC, file).split(sep)
  return rel.includes('components') || rel.includes('pages')
}

function targetOf(file, source) {
  let abs
  if (source.startsWith('~/'))
    abs = resolve(SRC, source.slice(2))
  else if (source.startsWith('.'))
    abs = resolve(dirname(file), source)
  else
    return null
  const rel = relative(SRC, abs)
  return rel.startsWith('..') ? null : rel.split(sep)[0]
}

const RULES = {
  shared: { allowed: ['shared'], packages: /^(?:vue|pinia|dexie|echarts|fastify|pg|node:.*|@electric-sql\/.*|@fastify\/.*|vue-.*|workbox-.*)$/, why: 'shared/ is isomorphic and imports nothing of ours outside shared/ (no DOM, node:*, vue or dexie)' },
  server: { allowed: ['shared', 'server'], packages: /^(?:vue|pinia|dexie|echarts|vue-.*|workbox-.*)$/, why: 'server/ imports only shared/' },
  sw: { allowed: ['shared', 'sw', 'data', 'sync'], packages: /^(?:vue|pinia|echarts|vue-.*)$/, why: 'the service worker imports only shared/, data/ and sync/' },
}
const UI = { banned: ['data', 'server', 'sw'], packages: /^dexie$/, why: 'components and pages read data through a composable, never from data/ directly' }
const CLIENT_BANNED = ['server']

export default {
  rules: {
    boundaries: {
      meta: { type: 'problem', docs: { description: 'DESIGN.md import boundaries' }, schema: [] },
      create(context) {
        const file = context.filename
        const layer = layerOf(file)
        if (!layer)
          return {}
        const check = (node, source) => {
          if (typeof source !== 'string')
            return
          const target = targetOf(file, source)
          const rule = RULES[layer]
          if (rule) {
            if ((target && !rule.allowed.includes(target)) || (!target && rule.packages.test(source)))
              context.report({ node, message: `'${source}': ${rule.why}.` })
            return
          }
          if (isUi(file) && ((target && UI.banned.includes(target)) || (!target && UI.packages.test(source))))
            return context.report({ node, message: `'${source}': ${UI.why}.` })
          if (target && CLIENT_BANNED.includes(target))
            context.report({ node, message: `'${source}': browser code never imports server/.` })
        }
        return {
          ImportDeclaration: node => check(node, node.source.value),
          ExportNamedDeclaration: node => node.source && check(node, node.source.value),
          ExportAllDeclaration: node => check(node, node.source.value),
          ImportExpression: node => node.source.type === 'Literal' && check(node, node.source.value),
        }
      },
    },
  },
}
