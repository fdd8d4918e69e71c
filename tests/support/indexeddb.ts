/**
 * Unit-project setup: an in-memory IndexedDB for client modules that run under Node. It must load
 * before Dexie, which reads `indexedDB` from the global scope when its module is evaluated, and a
 * side-effect import inside a test file cannot guarantee that (the import-sort lint rule moves it
 * after the others). Real IndexedDB is exercised in Chromium by the e2e project.
 */
import 'fake-indexeddb/auto'
