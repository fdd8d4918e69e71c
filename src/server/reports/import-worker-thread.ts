/**
 * The importer's worker thread (see import-worker.ts): reads one report per message and answers
 * with what importReport() returns. Nothing else runs here, so a report that takes long to read
 * holds up this thread only, never the server's event loop.
 */
import { parentPort } from 'node:worker_threads'
import { importReport } from '../../shared/importer'

export interface ImportJob { id: number, raw: string, maxInputChars: number }

parentPort!.on('message', (job: ImportJob) => {
  try {
    parentPort!.postMessage({ id: job.id, report: importReport(job.raw, { maxInputChars: job.maxInputChars }) })
  }
  catch (err) {
    parentPort!.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) })
  }
})
