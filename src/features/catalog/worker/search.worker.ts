/**
 * The search worker: owns the catalog's search index so typing never waits for it. On a cold
 * start it loads the index persisted in IndexedDB (no re-tokenising), then catches up with what
 * sync wrote since (entries and tombstones after the index's change-log position). Sync announces
 * each committed page on a BroadcastChannel; the worker applies it incrementally and persists the
 * index again once things are quiet.
 */
import type { WorkerRequest, WorkerResponse } from './protocol'
import { allCatalogCategories, catalogChangesAfter, getCatalogEntries, loadSearchIndex, readSyncGeneration, saveSearchIndex } from '~/data/catalog'
import { STORAGE } from '~/data/keys'
import { loadTraditionalFold, SEARCH_FORMAT_VERSION, SearchIndex } from '~/shared/search'

const PERSIST_AFTER_MS = 1500

let index = new SearchIndex()
/** The change-log position the index reflects, and the log generation it belongs to. */
let seq = 0
let generation = 0
let persistTimer: ReturnType<typeof setTimeout> | undefined
/** All index work runs one step at a time, in order. */
let queue: Promise<unknown> = Promise.resolve()

function post(msg: WorkerResponse): void {
  postMessage(msg)
}

function serial<T>(fn: () => Promise<T>): Promise<T> {
  const next = queue.then(fn, fn)
  queue = next.catch(() => {})
  return next
}

async function init(): Promise<void> {
  const t0 = performance.now()
  // Ready before the first query in traditional characters needs it (its own chunk, loaded once).
  void loadTraditionalFold().catch(() => {})
  generation = await readSyncGeneration()
  const stored = await loadSearchIndex()
  let source: 'loaded' | 'built' = 'built'
  if (stored && stored.generation === generation && stored.data.version === SEARCH_FORMAT_VERSION) {
    try {
      index = SearchIndex.load(stored.data)
      seq = stored.seq
      source = 'loaded'
    }
    catch {
      // A damaged or foreign index: rebuild from the entries rather than fail the search page.
    }
  }
  await catchUp(false)
  post({ type: 'ready', source, ms: Math.round(performance.now() - t0), size: index.size })
}

async function catchUp(announce = true): Promise<void> {
  const gen = await readSyncGeneration()
  if (gen !== generation) {
    // The device started over against a new change log: positions are not comparable.
    index = new SearchIndex()
    seq = 0
    generation = gen
  }
  const delta = await catalogChangesAfter(seq)
  if (!delta.upserts.length && !delta.removals.length)
    return
  if (index.size === 0)
    index = SearchIndex.build(delta.upserts)
  else
    index.apply({ upserts: delta.upserts, removals: delta.removals })
  index.setCategories(await allCatalogCategories())
  seq = delta.maxSeq
  schedulePersist()
  if (announce)
    post({ type: 'updated', size: index.size })
}

function schedulePersist(): void {
  clearTimeout(persistTimer)
  persistTimer = setTimeout(() => {
    void serial(async () => {
      try {
        await saveSearchIndex({ seq, generation, data: index.serialize() })
      }
      catch {
        // A full disk: the index is rebuilt on the next cold start instead. Search still works now.
      }
    })
  }, PERSIST_AFTER_MS)
}

async function handle(req: WorkerRequest): Promise<void> {
  switch (req.type) {
    case 'search': {
      // Traditional characters are folded to simplified; the converter loads on the first Han query.
      const fold = /\p{Script=Han}/u.test(req.query.text ?? '') ? await loadTraditionalFold().catch(() => undefined) : undefined
      const r = index.search({ ...req.query, fold })
      const rows = await getCatalogEntries(r.hits.map(h => h.id))
      const byId = new Map(rows.map(e => [e.id, e]))
      post({
        type: 'result',
        id: req.id,
        total: r.total,
        hits: r.hits.flatMap((h) => {
          const e = byId.get(h.id)
          return e
            ? [{ id: e.id, title: e.title, agency: e.agency, indexNo: e.indexNo, docNo: e.docNo, publishedAt: e.publishedAt, summary: e.summary, titleHit: h.titleHit, highlights: h.highlights }]
            : []
        }),
      })
      break
    }
    case 'counts':
      post({ type: 'counts', id: req.id, counts: Object.fromEntries(index.countByCategory()) })
      break
    case 'years':
      post({ type: 'years', id: req.id, years: index.years() })
      break
    case 'catchUp':
      await catchUp()
      post({ type: 'caughtUp', id: req.id, size: index.size })
      break
  }
}

const ready = serial(init)
ready.catch(err => post({ type: 'error', message: String(err) }))

onmessage = (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data
  // Searches do not queue behind each other: the page only wants the newest, and the index is
  // only swapped between awaits, so they may run as soon as the index is ready.
  const run = req.type === 'search' ? ready.then(() => handle(req)) : serial(() => handle(req))
  run.catch(err => post({ type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err) }))
}

if (typeof BroadcastChannel !== 'undefined') {
  const channel = new BroadcastChannel(STORAGE.channels.sync)
  channel.onmessage = () => void serial(() => catchUp())
}
