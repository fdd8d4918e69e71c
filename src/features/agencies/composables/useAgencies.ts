/**
 * The agency directory for pages and pickers: the live list from the device, search by name,
 * pinyin or initials (src/shared/agencies/match.ts), grouping by level and region, and one agency
 * with its reports. The pinyin keys are built once per list, not per keystroke.
 */
import type { MaybeRefOrGetter } from 'vue'
import type { StoredAgency } from '~/data/db'
import type { Agency } from '~/shared/agencies'
import { computed, toValue } from 'vue'
import { useLiveQuery } from '~/app/composables/useLiveQuery'
import { watchAgencies, watchAgencyPage } from '~/data/agencies'
import { agencyKeys, groupAgencies, matchAgencies, standardGuide } from '~/shared/agencies'

/** A stored agency with every directory field (a device synced before the directory has only three). */
export function asAgency(a: StoredAgency): Agency {
  return {
    shortName: null,
    creditCode: null,
    level: 'municipal',
    region: '',
    parentId: null,
    officeName: null,
    officeAddress: null,
    officePhone: null,
    officeHours: null,
    guide: '',
    active: true,
    updatedAt: '',
    ...a,
  }
}

let collator: Intl.Collator | undefined
const compare = (a: string, b: string) => (collator ??= new Intl.Collator('zh-CN')).compare(a, b)

export interface UseAgencyDirectoryOptions {
  query?: MaybeRefOrGetter<string>
  /** Only agencies taking applications (the apply form). */
  activeOnly?: boolean
  /** Only these ids (a kiosk set to its hall's agencies); empty or absent: all. */
  only?: MaybeRefOrGetter<readonly string[] | undefined>
}

export function useAgencyDirectory(options: UseAgencyDirectoryOptions = {}) {
  const { data, loading } = useLiveQuery(() => watchAgencies())
  const agencies = computed(() => {
    const only = toValue(options.only)
    return (data.value ?? []).map(asAgency).filter(a => (!options.activeOnly || a.active) && (!only?.length || only.includes(a.id)))
  })
  const keys = computed(() => agencyKeys(agencies.value))
  const matches = computed(() => matchAgencies(keys.value, toValue(options.query) ?? ''))
  const groups = computed(() => groupAgencies(matches.value, compare))
  const byId = computed(() => new Map(agencies.value.map(a => [a.id, a])))
  return { agencies, matches, groups, byId, loading }
}

export function useAgencyPage(options: { id: MaybeRefOrGetter<string> }) {
  const { data, loading } = useLiveQuery(() => watchAgencyPage(toValue(options.id)))
  const agency = computed(() => data.value?.agency ? asAgency(data.value.agency) : undefined)
  const guide = computed(() => agency.value ? (agency.value.guide || standardGuide(agency.value)) : '')
  return { agency, guide, reports: computed(() => data.value?.reports ?? []), loading }
}
