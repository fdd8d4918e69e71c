/**
 * The apply form's agency choice on an enrolled kiosk, over (fake) IndexedDB and a real WebCrypto
 * key: the hall's first agency is pre-filled, an agency the citizen came with wins, 其他机关 clears
 * a hall agency, a heartbeat's new agencies show at once, and a revoked kiosk offers the directory.
 */
import type { EffectScope } from 'vue'
import Dexie from 'dexie'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, reactive } from 'vue'
import { closeDb, getDb } from '~/data/db'
import { STORAGE } from '~/data/keys'
import { markRevoked, saveEnrolment, updateIdentity } from '~/data/kiosk'
import { useAgencyDirectory } from '~/features/agencies/composables/useAgencies'
import { useHallAgencyPicker } from '~/features/apply/composables/useHallAgencyPicker'
import { OTHER_AGENCY } from '~/shared/agencies'
import { generateKioskKey } from '~/shared/kiosk'

const identity = { id: '0190c9e0-0000-7000-8000-000000000001', name: '一号机', hall: '政务服务中心', agencies: ['b', 'a'], enrolledAt: '2026-12-01T00:00:00.000Z' }
let scope: EffectScope | undefined

beforeEach(async () => {
  closeDb()
  await Dexie.delete(STORAGE.dbName)
  await getDb().catalogAgencies.bulkPut([
    { id: 'a', name: '甲局', orgCode: 'A0001', active: true },
    { id: 'b', name: '乙局', orgCode: 'B0001', active: true },
    { id: 'far', name: '远方局', orgCode: 'F0001', active: true },
  ] as never)
})
afterEach(() => {
  scope?.stop()
  scope = undefined
  closeDb()
})

async function enrol(): Promise<void> {
  const keys = await generateKioskKey()
  await saveEnrolment({ identity, privateKey: keys.privateKey, publicJwk: {} }, null)
}

function picker(agencyId = '') {
  scope = effectScope()
  const general = reactive({ agencyId })
  const p = scope.run(() => {
    const dir = useAgencyDirectory({ activeOnly: true })
    return useHallAgencyPicker({ general, byId: dir.byId, directoryLoading: dir.loading })
  })!
  return { general, ...p }
}

describe('useHallAgencyPicker', () => {
  it('pre-fills the hall\'s first agency and offers the hall\'s agencies in order', async () => {
    await enrol()
    const p = picker()
    await vi.waitFor(() => expect(p.general.agencyId).toBe('b'))
    expect(p.hall.value.map(a => a.id)).toEqual(['b', 'a'])
    expect(p.choice.value).toBe('b')
    p.choice.value = OTHER_AGENCY
    expect(p.general.agencyId).toBe('')
    expect(p.choice.value).toBe(OTHER_AGENCY)
    p.choice.value = 'a'
    expect(p.general.agencyId).toBe('a')
  })

  it('an agency the citizen came with wins over the default', async () => {
    await enrol()
    const p = picker('far')
    await vi.waitFor(() => expect(p.hall.value).toHaveLength(2))
    await new Promise(r => setTimeout(r, 20))
    expect(p.general.agencyId).toBe('far')
    expect(p.choice.value).toBe(OTHER_AGENCY)
  })

  it('follows a change of the hall\'s agencies, and a revoked kiosk offers the whole directory', async () => {
    await enrol()
    const p = picker()
    await vi.waitFor(() => expect(p.hall.value).toHaveLength(2))
    await updateIdentity({ ...identity, agencies: ['a'] })
    await vi.waitFor(() => expect(p.hall.value.map(a => a.id)).toEqual(['a']))
    await markRevoked()
    await vi.waitFor(() => expect(p.hall.value).toEqual([]))
    expect(p.choice.value).toBeNull()
  })

  it('a phone (no enrolment) gets no default', async () => {
    const p = picker()
    await new Promise(r => setTimeout(r, 50))
    expect(p.general.agencyId).toBe('')
    expect(p.choice.value).toBeNull()
  })
})
