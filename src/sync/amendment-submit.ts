/**
 * The applicant's answer to a 补正, from the page: checked by the shared file rules (so a photo that
 * is too large is refused before it is queued, not after a sync), sealed on the device (text and
 * files together, to the agency key, bound to the answer's id), put in the 补正 outbox and drained
 * like an application. Works the same offline.
 */
import type { StoredAmendment } from '~/data/amendments'
import type { AmendmentContent, FileRefusal } from '~/shared/files'
import { queueAmendment } from '~/data/amendments'
import { checkCaseFiles, cleanFileName } from '~/shared/files'
import { sealJson, toBase64Url, uuidv7 } from '~/shared/submission'
import { resolveApplicationKey } from './application-key'
import { requestDrain } from './submit'

/** One file as picked on the device. */
export interface PickedFile { name: string, bytes: Uint8Array }

/**
 * Checks, seals and queues an answer; returns its id. Throws the shared file refusal (checked here
 * first, so a photo that is too large is refused before it is queued, not after a sync).
 */
export async function submitAmendment(input: { trackingCode: string, applicationId: string | null, proof: StoredAmendment['proof'], text: string, files: PickedFile[] }): Promise<string> {
  const checked = checkCaseFiles('amendment', input.files)
  if (!checked.ok)
    throw new AmendmentFileError(checked.refusal)
  const key = await resolveApplicationKey()
  const id = uuidv7()
  const content: AmendmentContent = { text: input.text.trim(), files: input.files.map(f => ({ name: cleanFileName(f.name), data: toBase64Url(f.bytes) })) }
  const sealed = await sealJson(key, content, id)
  await queueAmendment({
    id,
    trackingCode: input.trackingCode,
    applicationId: input.applicationId,
    state: 'queued',
    proof: input.proof,
    sealed,
    fileNames: content.files.map(f => f.name),
    createdAt: new Date().toISOString(),
    attempts: 0,
    nextAttemptAt: 0,
  })
  requestDrain()
  return id
}

/** A picked file the shared rules refuse (type by its bytes, size, count). */
export class AmendmentFileError extends Error {
  constructor(readonly refusal: FileRefusal) {
    super(refusal.code)
  }
}
