/**
 * Browser entry of the search benchmark, bundled by search.bench.ts: exposes the benchmark on
 * `globalThis` and gives it a real IndexedDB store, so the cold load measured is
 * "read the persisted index from IndexedDB, then deserialise".
 */
import type { SerializedSearchIndex } from '../../src/shared/search/types'
import { runSearchBench } from './search-core'

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result)
    r.onerror = () => reject(r.error)
  })
}

function open(): Promise<IDBDatabase> {
  const r = indexedDB.open('gongkai-search-bench', 1)
  r.onupgradeneeded = () => r.result.createObjectStore('index')
  return request(r)
}

async function store(data: SerializedSearchIndex): Promise<() => Promise<SerializedSearchIndex>> {
  const db = await open()
  const tx = db.transaction('index', 'readwrite')
  tx.objectStore('index').put(data, 'catalog')
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error)
  })
  db.close()
  return async () => {
    const db2 = await open()
    const value = await request(db2.transaction('index').objectStore('index').get('catalog')) as SerializedSearchIndex
    db2.close()
    return value
  }
}

;(globalThis as { gongkaiSearchBench?: unknown }).gongkaiSearchBench = (count: number) =>
  runSearchBench({ count, store, log: msg => console.log(`[bench] ${msg}`) })
