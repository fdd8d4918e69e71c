/**
 * The application form: its model, validation with the shared validator (the same one the server
 * runs), autosave to a draft as the user types, and submit. Nothing typed is ever cleared by a
 * failed check: errors are shown next to the fields and the values stay as they are.
 */
import type { ComputedRef, InjectionKey, MaybeRefOrGetter, Ref } from 'vue'
import type { Application, FieldError } from '~/shared/application'
import type { SubmissionChannel } from '~/shared/submission'
import { computed, inject, onScopeDispose, provide, reactive, ref, shallowRef, toRaw, toValue, watch } from 'vue'
import { useLabel } from '~/app/composables/useLabel'
import { getApplication } from '~/data/applications'
import { getSubmissionChannel } from '~/data/device'
import { deleteDraft, loadDraft, saveDraft } from '~/data/drafts'
import { validateApplication } from '~/shared/application'
import { submitApplication } from '~/sync/submit'

export interface RefModel { indexNo: string, docNo: string, title: string }

export interface FormModel {
  general: {
    applicantType: string
    orgSubtype: string
    idType: string
    description: string
    catalogRefs: RefModel[]
    delivery: { form: string, way: string }
    feeWaiverNote: string
    /** The directory agency it is addressed to ('' until chosen). */
    agencyId: string
    /** Re-addressed (Art. 36(5)): the earlier application's id, else ''. */
    redirectedFrom: string
    /** Progress messages the applicant opted in to (issue 21). */
    notifySms: boolean
    notifyEmail: boolean
  }
  personal: { name: string, idNumber: string, phone: string, address: string, email: string, contactName: string }
}

export function emptyForm(): FormModel {
  return {
    general: { applicantType: 'natural', orgSubtype: '', idType: 'residentId', description: '', catalogRefs: [], delivery: { form: 'electronic', way: 'online' }, feeWaiverNote: '', agencyId: '', redirectedFrom: '', notifySms: false, notifyEmail: false },
    personal: { name: '', idNumber: '', phone: '', address: '', email: '', contactName: '' },
  }
}

export interface UseApplyFormOptions {
  /**
   * A catalog entry to link (from /apply?indexNo=…&title=…&docNo=…), and the description to start
   * with (used only while the description is empty: a draft's own text is never replaced).
   */
  prefill?: Partial<RefModel> & { description?: string, agencyId?: string }
  /**
   * Whether an agency must be chosen: yes once the device holds the directory; a device that has
   * never synced cannot offer one, and its application is recorded without (the server accepts it).
   */
  requireAgency?: MaybeRefOrGetter<boolean>
  /** Correcting a rejected application with this id. */
  correcting?: string
  /**
   * Re-addressing (条例 Art. 36(5)) the application with this id, answered "not held here": a new
   * application linked to it, its request copied when this device holds the earlier one.
   */
  redirectFrom?: string
  /** Debounce for draft saves. */
  saveDelayMs?: number
  /** The page's language (vue-i18n locale), which becomes the language of the applicant's notifications. */
  locale?: MaybeRefOrGetter<string>
}

export interface UseApplyForm {
  form: FormModel
  ready: Ref<boolean>
  /** Errors by field path, shown for touched fields and after a submit attempt. */
  errors: ComputedRef<Record<string, FieldError>>
  touch: (field: string) => void
  /** The server's reasons, when correcting a rejected application. */
  serverErrors: Ref<FieldError[]>
  channel: Ref<SubmissionChannel>
  submitting: Ref<boolean>
  /** Sealing or storing failed on this device (no key yet, storage full): the answers stay in the draft. */
  submitFailed: Ref<boolean>
  savedAt: Ref<string | null>
  addRef: () => void
  removeRef: (i: number) => void
  /** Validates and submits; resolves to the new application's id, or null when something must be fixed. */
  submit: () => Promise<string | null>
  /** Empties the form and its draft (a kiosk's "start over"). */
  reset: () => Promise<void>
}

function fromRecord(target: Record<string, any>, source: Record<string, any> | undefined): void {
  if (!source)
    return
  for (const k of Object.keys(target)) {
    const v = source[k]
    if (v === undefined || v === null)
      continue
    if (Array.isArray(target[k]))
      target[k] = Array.isArray(v) ? v.map(x => ({ indexNo: x?.indexNo ?? '', docNo: x?.docNo ?? '', title: x?.title ?? '' })) : []
    else if (typeof target[k] === 'boolean')
      target[k] = v === true
    else if (typeof target[k] === 'object')
      fromRecord(target[k], v)
    else
      target[k] = typeof v === 'string' ? v : String(v)
  }
}

/**
 * The validator's input from the form, as plain objects (empty catalog rows left out). It reads
 * the reactive form property by property, so a computed that calls it re-runs on every edit.
 */
function candidate(form: FormModel, channel: SubmissionChannel, at: string | null, lang: string) {
  const g = form.general
  const notify = [g.notifySms && 'sms', g.notifyEmail && 'email'].filter(Boolean)
  return {
    v: 1,
    general: {
      applicantType: g.applicantType,
      orgSubtype: g.orgSubtype,
      idType: g.idType,
      description: g.description,
      catalogRefs: g.catalogRefs.filter(r => r.indexNo.trim() || r.docNo.trim() || r.title.trim()).map(r => ({ ...r })),
      delivery: { ...g.delivery },
      feeWaiverNote: g.feeWaiverNote,
      agencyId: g.agencyId,
      redirectedFrom: g.redirectedFrom,
      channel,
      deviceSubmittedAt: at,
      ...(notify.length ? { notify: { channels: notify, lang: lang === 'en' ? 'en' : 'zh-CN' } } : {}),
    },
    personal: { ...form.personal },
  }
}

export function useApplyForm(options: UseApplyFormOptions = {}): UseApplyForm {
  const draftId = options.correcting ? `fix:${options.correcting}` : options.redirectFrom ? `to:${options.redirectFrom}` : 'apply'
  // The language the applicant uses here is the language of their notifications.
  const locale = computed(() => toValue(options.locale) ?? 'zh-CN')
  const form = reactive(emptyForm()) as FormModel
  const ready = ref(false)
  const touched = reactive(new Set<string>())
  const attempted = ref(false)
  const serverErrors = shallowRef<FieldError[]>([])
  const channel = ref<SubmissionChannel>('online')
  const submitting = ref(false)
  const submitFailed = ref(false)
  const savedAt = ref<string | null>(null)
  let timer: ReturnType<typeof setTimeout> | undefined
  let pending = false
  let submitted = false

  const requireAgency = () => toValue(options.requireAgency) ?? false
  const check = computed(() => validateApplication(candidate(form, channel.value, null, locale.value), { requireSubmittedAt: false, requireAgency: requireAgency() }))
  const errors = computed(() => {
    const out: Record<string, FieldError> = {}
    // The server's reasons stay until the field is edited and checked again locally.
    for (const e of serverErrors.value) {
      if (!touched.has(e.field))
        out[e.field] = e
    }
    if (!check.value.ok) {
      for (const e of check.value.errors) {
        if ((attempted.value || touched.has(e.field)) && !out[e.field])
          out[e.field] = e
      }
    }
    return out
  })

  async function restore(): Promise<void> {
    channel.value = await getSubmissionChannel()
    const draft = await loadDraft(draftId)
    if (draft) {
      fromRecord(form.general, draft.general)
      fromRecord(form.personal, draft.personal)
      savedAt.value = draft.updatedAt
    }
    if (options.correcting) {
      const rec = await getApplication(options.correcting)
      // The personal part was sealed to the agency and cannot be read back: it is typed again.
      if (!draft)
        fromRecord(form.general, rec?.general)
      serverErrors.value = rec?.rejection?.errors ?? []
    }
    if (options.redirectFrom) {
      if (!draft) {
        const rec = await getApplication(options.redirectFrom)
        fromRecord(form.general, rec?.general)
      }
      form.general.redirectedFrom = options.redirectFrom
    }
    const p = options.prefill
    // Where the citizen came from (an agency page, a catalog entry, a report) names the agency.
    if (p?.agencyId)
      form.general.agencyId = p.agencyId
    if (p && (p.indexNo || p.docNo || p.title)) {
      const same = form.general.catalogRefs.some(r => (p.indexNo && r.indexNo === p.indexNo) || (!p.indexNo && p.title && r.title === p.title))
      if (!same)
        form.general.catalogRefs.push({ indexNo: p.indexNo ?? '', docNo: p.docNo ?? '', title: p.title ?? '' })
      if (p.description && !form.general.description.trim())
        form.general.description = p.description
    }
    ready.value = true
  }

  async function saveNow(): Promise<void> {
    clearTimeout(timer)
    timer = undefined
    // Once submitted, the draft is gone with the submit's transaction: never write it back.
    if (!ready.value || submitted)
      return
    pending = false
    await saveDraft({ id: draftId, general: structuredClone(toRaw(form.general)), personal: { ...toRaw(form.personal) } })
    savedAt.value = new Date().toISOString()
  }
  watch(form, () => {
    if (!ready.value)
      return
    pending = true
    clearTimeout(timer)
    timer = setTimeout(() => void saveNow(), options.saveDelayMs ?? 300)
  }, { deep: true })

  // Leaving the page, switching apps or an update reload: write what is pending at once.
  const flush = () => {
    if (pending)
      void saveNow()
  }
  const onVisibility = () => document.visibilityState === 'hidden' && flush()
  window.addEventListener('pagehide', flush)
  document.addEventListener('visibilitychange', onVisibility)
  onScopeDispose(() => {
    flush()
    window.removeEventListener('pagehide', flush)
    document.removeEventListener('visibilitychange', onVisibility)
  })

  void restore()

  async function submit(): Promise<string | null> {
    if (submitting.value)
      return null
    attempted.value = true
    submitFailed.value = false
    serverErrors.value = []
    touched.clear()
    const result = validateApplication(candidate(form, channel.value, new Date().toISOString(), locale.value), { requireAgency: requireAgency() })
    if (!result.ok)
      return null
    submitting.value = true
    try {
      await saveNow()
      clearTimeout(timer)
      submitted = true
      const id = await submitApplication(result.value as Application, { draftId, correcting: options.correcting })
      pending = false
      return id
    }
    catch (err) {
      submitted = false
      // The screen says what to do next; the cause is for the console (it may be a browser's own words).
      console.error('submit failed', err)
      submitFailed.value = true
      return null
    }
    finally {
      submitting.value = false
    }
  }

  return {
    form,
    ready,
    errors,
    touch: field => touched.add(field),
    serverErrors,
    channel,
    submitting,
    submitFailed,
    savedAt,
    addRef: () => form.general.catalogRefs.push({ indexNo: '', docNo: '', title: '' }),
    removeRef: i => form.general.catalogRefs.splice(i, 1),
    submit,
    async reset() {
      clearTimeout(timer)
      pending = false
      // In place: the form's sections hold references to form.general and form.personal.
      const empty = emptyForm()
      Object.assign(form.general, empty.general)
      Object.assign(form.personal, empty.personal)
      attempted.value = false
      touched.clear()
      await deleteDraft(draftId)
    },
  }
}

/** The page provides its form to the form's sections (they edit it in place; no prop mutation). */
export const APPLY_FORM: InjectionKey<UseApplyForm> = Symbol('apply-form')

export function provideApplyForm(state: UseApplyForm): void {
  provide(APPLY_FORM, state)
}

export function useApplyFormContext(): UseApplyForm {
  const state = inject(APPLY_FORM)
  if (!state)
    throw new Error('apply form sections must sit inside the apply page')
  return state
}

/** The message of a field error in the current language (Chinese first, English second). */
export function useFieldMessage() {
  return useLabel().message as (e: FieldError | undefined) => string
}
