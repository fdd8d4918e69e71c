/**
 * Runs the report importer off the event loop: a small pool of worker threads (node:worker_threads),
 * each reading one report at a time, with three limits so that one crafted upload cannot hold the
 * server up:
 * - time: a report not read within `timeoutMs` ends its worker (terminate() stops even a tight
 *   loop) and the upload is refused with ImportLimitError('timeout');
 * - size: at most `maxInputChars` characters reach the importer, and each worker's heap is capped
 *   (`maxHeapMb`), so a pathological input ends the worker instead of the process;
 * - load: at most `workers` reports are read at once and `maxQueued` wait; beyond that the upload
 *   is refused with ImportLimitError('busy') (the route answers 503 with Retry-After).
 * A worker that ended is replaced on the next job. Workers are unref'd and closed with the app.
 * The worker file is TypeScript: the thread registers tsx first (as `npm start` does for the server;
 * Node 20 does not hand `--import tsx` to worker threads).
 */
import type { ImportedReport } from '../../shared/importer'
import type { ImportJob } from './import-worker-thread'
import { Worker } from 'node:worker_threads'

export interface ImportRunnerOptions {
  workers?: number
  timeoutMs?: number
  maxQueued?: number
  maxInputChars?: number
  maxHeapMb?: number
}

export class ImportLimitError extends Error {
  constructor(readonly reason: 'timeout' | 'busy' | 'crashed', message: string) {
    super(message)
  }
}

interface Pending { job: ImportJob, resolve: (r: ImportedReport) => void, reject: (e: Error) => void }
interface Slot { worker: Worker | null, busy: Pending | null, timer: ReturnType<typeof setTimeout> | null }

const WORKER_URL = new URL('./import-worker-thread.ts', import.meta.url)

export interface ImportRunner {
  run: (raw: string) => Promise<ImportedReport>
  close: () => Promise<void>
}

export function createImportRunner(options: ImportRunnerOptions = {}): ImportRunner {
  const size = Math.max(1, options.workers ?? 1)
  const timeoutMs = options.timeoutMs ?? 10_000
  const maxQueued = options.maxQueued ?? 8
  const maxInputChars = options.maxInputChars ?? 4_000_000
  const maxHeapMb = options.maxHeapMb ?? 256
  const slots: Slot[] = Array.from({ length: size }, () => ({ worker: null, busy: null, timer: null }))
  const queue: Pending[] = []
  let nextId = 1
  let closed = false

  const finish = (slot: Slot) => {
    if (slot.timer)
      clearTimeout(slot.timer)
    slot.timer = null
    const p = slot.busy
    slot.busy = null
    return p
  }

  const kill = (slot: Slot) => {
    const w = slot.worker
    slot.worker = null
    void w?.terminate()
  }

  const spawn = (slot: Slot): Worker => {
    // A small script registers tsx in the thread, then loads the TypeScript worker module.
    const boot = `import('tsx/esm/api').then(m => { m.register(); return import(${JSON.stringify(WORKER_URL.href)}) })`
    const w = new Worker(boot, { eval: true, resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } })
    w.unref()
    w.on('message', (msg: { id: number, report?: ImportedReport, error?: string }) => {
      if (slot.busy?.job.id !== msg.id)
        return
      const p = finish(slot)!
      if (msg.report)
        p.resolve(msg.report)
      else
        p.reject(new Error(msg.error ?? 'import failed'))
      pump()
    })
    const died = (why: string) => {
      if (slot.worker !== w)
        return
      slot.worker = null
      finish(slot)?.reject(new ImportLimitError('crashed', why))
      pump()
    }
    w.on('error', err => died(err.message))
    w.on('exit', code => died(`worker exited with code ${code}`))
    return w
  }

  function pump(): void {
    for (const slot of slots) {
      if (closed || slot.busy || !queue.length)
        continue
      const p = queue.shift()!
      slot.busy = p
      slot.worker ??= spawn(slot)
      slot.timer = setTimeout(() => {
        if (slot.busy !== p)
          return
        finish(slot)
        kill(slot) // the thread may be in a tight loop: only terminate() stops it
        p.reject(new ImportLimitError('timeout', `import took longer than ${timeoutMs} ms`))
        pump()
      }, timeoutMs)
      slot.worker.postMessage(p.job)
    }
  }

  return {
    run(raw: string) {
      if (closed)
        return Promise.reject(new ImportLimitError('busy', 'importer closed'))
      if (queue.length >= maxQueued)
        return Promise.reject(new ImportLimitError('busy', `${queue.length} reports already waiting`))
      return new Promise<ImportedReport>((resolve, reject) => {
        queue.push({ job: { id: nextId++, raw, maxInputChars }, resolve, reject })
        pump()
      })
    },
    async close() {
      closed = true
      for (const p of queue.splice(0))
        p.reject(new ImportLimitError('busy', 'importer closed'))
      await Promise.all(slots.map(async (slot) => {
        finish(slot)?.reject(new ImportLimitError('busy', 'importer closed'))
        const w = slot.worker
        slot.worker = null
        await w?.terminate()
      }))
    },
  }
}
