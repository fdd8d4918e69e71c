/**
 * Reading an uploaded report on the server: the importer runs in a worker thread
 * (import-worker.ts) with a time limit, so a crafted file cannot stall other requests; its limits
 * become plain-language errors about the file. Also the body of the publish request, which names
 * the version the supervisor reviewed.
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { ImportedReport } from '../../shared/importer'
import { ApiError } from '../platform/errors'
import { createImportRunner, ImportLimitError } from './import-worker'

/** Seconds a report may take to read; a 5 MB report of real text takes well under one. */
const IMPORT_TIMEOUT_MS = 10_000

export const publishBody = {
  type: 'object',
  required: ['version'],
  additionalProperties: false,
  properties: { version: { type: 'integer', minimum: 1, maximum: 2_147_483_647 } },
} as const

/** A reader bound to the app: one worker pool, closed with the app. */
export function importUpload(app: FastifyInstance, timeoutMs = IMPORT_TIMEOUT_MS): (raw: string, reply: FastifyReply) => Promise<ImportedReport> {
  const runner = createImportRunner({ workers: 1, timeoutMs, maxQueued: 4 })
  app.addHook('onClose', async () => runner.close())
  return async (raw, reply) => {
    try {
      return await runner.run(raw)
    }
    catch (err) {
      if (!(err instanceof ImportLimitError))
        throw err
      if (err.reason === 'busy') {
        reply.header('retry-after', '10')
        throw new ApiError(503, 'importer_busy', '正在读取其他报告，请稍后再上传 (other reports are being read: try again shortly)', 'file')
      }
      if (err.reason === 'timeout')
        throw new ApiError(422, 'import_timeout', `报告在 ${timeoutMs / 1000} 秒内未能读完：请上传只含报告正文的文本或网页文件 (the report could not be read within the time limit)`, 'file')
      throw new ApiError(422, 'import_failed', '无法读取这个文件：请上传只含报告正文的文本或网页文件 (the file could not be read)', 'file')
    }
  }
}
