/** The 补正 answer form: pick files, check them by the shared rules, seal and queue; and this code's queued answers. */
import type { AmendmentProof, FileRefusal } from '~/shared/files'
import { ref, shallowRef } from 'vue'
import { useLiveQuery } from '~/app/composables/useLiveQuery'
import { dropAmendment, watchAmendments } from '~/data/amendments'
import { AMENDMENT_TEXT_MAX, checkCaseFiles } from '~/shared/files'
import { AmendmentFileError, submitAmendment } from '~/sync/amendment-submit'

export type AmendmentProblem = 'needSomething' | 'textTooLong' | 'failed' | { file: FileRefusal }

export function useAmendment(options: { trackingCode: string, applicationId: string | null, proof: () => AmendmentProof }) {
  const text = ref('')
  const files = shallowRef<File[]>([])
  const problem = shallowRef<AmendmentProblem | null>(null)
  const busy = ref(false)
  const { data: answers } = useLiveQuery(() => watchAmendments(options.trackingCode))

  async function read(list: File[]) {
    return Promise.all(list.map(async f => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })))
  }

  /** Takes the chosen files; refuses at once what the server would refuse (type by bytes, size, count). */
  async function choose(list: File[]): Promise<void> {
    problem.value = null
    const checked = checkCaseFiles('amendment', await read(list))
    if (!checked.ok) {
      problem.value = { file: checked.refusal }
      files.value = []
      return
    }
    files.value = list
  }

  async function submit(): Promise<boolean> {
    problem.value = null
    if (!text.value.trim() && !files.value.length) {
      problem.value = 'needSomething'
      return false
    }
    if (text.value.trim().length > AMENDMENT_TEXT_MAX) {
      problem.value = 'textTooLong'
      return false
    }
    busy.value = true
    try {
      await submitAmendment({ trackingCode: options.trackingCode, applicationId: options.applicationId, proof: options.proof(), text: text.value, files: await read(files.value) })
      text.value = ''
      files.value = []
      return true
    }
    catch (err) {
      problem.value = err instanceof AmendmentFileError ? { file: err.refusal } : 'failed'
      return false
    }
    finally {
      busy.value = false
    }
  }

  return { text, files, problem, busy, answers, choose, submit, dismiss: dropAmendment }
}
