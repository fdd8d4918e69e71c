// fake-indexeddb ships types for `fake-indexeddb/auto` (auto.d.ts) that its package.json "exports"
// do not point at, so a dynamic import of it fails type-checking (TS7016). It only installs globals.
declare module 'fake-indexeddb/auto'
