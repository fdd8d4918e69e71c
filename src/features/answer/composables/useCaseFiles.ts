/** A case's files on the staff case page: 补正材料, the answer's documents (attach, remove), the mailing number. */
import type { Ref } from 'vue'
import type { CaseFileRef, CaseFilesResponse } from '~/shared/files'
import { shallowRef, watch } from 'vue'
import { useAsyncAction } from '~/app/composables/useAsyncAction'
import { useStaffStore } from '~/features/staff/stores/staff'
import { toBase64Url } from '~/shared/submission'

export function useCaseFiles(options: { id: Ref<string>, version: Ref<number> }) {
  const staff = useStaffStore()
  const files = shallowRef<CaseFilesResponse | null>(null)
  const { busy, message, run } = useAsyncAction()
  const base = () => `/api/staff/applications/${options.id.value}`

  async function load() {
    await run(async () => {
      files.value = await staff.request<CaseFilesResponse>('GET', `${base()}/files`)
    })
  }
  watch([options.id, options.version], () => void load(), { immediate: true })

  /** Uploads each chosen file (its id made here, so a retried upload is the same file). */
  async function attach(list: File[]) {
    await run(async () => {
      for (const f of list) {
        const data = toBase64Url(new Uint8Array(await f.arrayBuffer())).replace(/-/g, '+').replace(/_/g, '/')
        await staff.request<CaseFileRef>('POST', `${base()}/files`, { json: { id: crypto.randomUUID(), name: f.name, data } })
      }
      files.value = await staff.request<CaseFilesResponse>('GET', `${base()}/files`)
    })
  }

  async function remove(fileId: string) {
    await run(async () => {
      await staff.request('DELETE', `${base()}/files/${fileId}`)
      files.value = await staff.request<CaseFilesResponse>('GET', `${base()}/files`)
    })
  }

  async function recordMailing(number: string) {
    await run(async () => {
      files.value = await staff.request<CaseFilesResponse>('POST', `${base()}/mailing`, { json: { number } })
    })
  }

  const downloadUrl = (fileId: string) => `${base()}/files/${fileId}`
  return { files, busy, message, attach, remove, recordMailing, downloadUrl }
}
