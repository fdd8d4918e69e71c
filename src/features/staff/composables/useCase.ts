/** One case: its details, the actions staff take on it, and the audited reveal of personal data. */
import type { Ref } from 'vue'
import type { OutcomeCode } from '~/shared/outcomes'
import type { CaseAction, CaseDetail, RevealResponse } from '~/shared/review/api'
import { computed, shallowRef, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { useAsyncAction } from '~/app/composables/useAsyncAction'
import { useLabel } from '~/app/composables/useLabel'
import { refusalText, WORKFLOW_REFUSALS } from '~/shared/review/workflow'
import { useStaffStore } from '../stores/staff'

/** Request fields a refused step may name, mapped to the case form's i18n labels. */
const FIELD_KEYS: Record<string, string> = {
  at: 'review.field.at',
  receivedOn: 'review.field.receivedOn',
  workingDays: 'review.field.workingDays',
  reason: 'review.field.reason',
  items: 'review.field.items',
  outcome: 'review.field.outcome',
  letter: 'review.field.letter',
  amountYuan: 'review.field.amount',
}

export function useCase(options: { id: Ref<string> }) {
  const { t } = useI18n()
  const staff = useStaffStore()
  const detail = shallowRef<CaseDetail | null>(null)
  const personal = shallowRef<RevealResponse['personal'] | null>(null)
  const { lang } = useLabel()
  const fieldLabel = (f: string) => FIELD_KEYS[f] && t(FIELD_KEYS[f])
  // Loading and revealing report at the top of the page; a step (and a letter draft) reports next
  // to the button that was pressed, so it has its own state (StaffCaseActions shows it).
  const { busy, error, message: generic, run } = useAsyncAction({ fieldLabel })
  const stepAction = useAsyncAction({ fieldLabel })
  // A step the workflow refused says why (its reason code and values travel in the error's details).
  const explain = (err: typeof error.value, fallback: string) => {
    const d = err?.details as { reason?: unknown, params?: Record<string, number> } | undefined
    if (typeof d?.reason === 'string' && Object.hasOwn(WORKFLOW_REFUSALS, d.reason))
      return refusalText({ code: d.reason as keyof typeof WORKFLOW_REFUSALS, params: d.params }, lang.value)
    return fallback
  }
  const message = computed(() => explain(error.value, generic.value))
  /** Why the last step or letter draft failed, and the request field it concerns (if any). */
  const stepError = computed(() => stepAction.error.value
    ? { message: explain(stepAction.error.value, stepAction.message.value), field: stepAction.error.value.field ?? null }
    : null)
  const path = () => `/api/staff/applications/${encodeURIComponent(options.id.value)}`

  const load = () => run(async () => {
    detail.value = await staff.request<CaseDetail>('GET', path())
  })

  /**
   * Records one step; true when the server stored it. A 409 means the case moved on meanwhile
   * (another reviewer, the applicant's 补正): the case is reloaded so the page offers what is
   * allowed now; the form keeps what was typed.
   */
  async function act(action: CaseAction): Promise<boolean> {
    const next = await stepAction.run(() => staff.request<CaseDetail>('POST', `${path()}/actions`, { json: action }))
    if (next)
      detail.value = next
    else if (stepAction.error.value?.status === 409)
      await staff.request<CaseDetail>('GET', path()).then(d => (detail.value = d), () => {})
    return !!next
  }

  const reveal = (reason: string) => run(async () => {
    personal.value = (await staff.request<RevealResponse>('POST', `${path()}/reveal`, { json: { reason } })).personal
  })

  /** The server's first draft of the 告知书 (it carries the real name, so each draft is an audited reveal). */
  const draftLetter = async (outcome: OutcomeCode, referTo?: string): Promise<string | null> =>
    (await stepAction.run(() => staff.request<{ letter: string }>('POST', `${path()}/letter`, { json: { outcome, ...(referTo ? { referTo } : {}) } })))?.letter ?? null

  watch(options.id, () => {
    personal.value = null
    void load()
  }, { immediate: true })
  return { detail, busy, error, message, stepBusy: stepAction.busy, stepError, personal, act, reveal, draftLetter, reload: load }
}
