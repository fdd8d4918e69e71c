/**
 * Recording 行政复议 (administrative reconsideration) and 行政诉讼 (administrative lawsuit) cases
 * brought over disclosure decisions: the annual report's fourth table counts them. Each change
 * commits with its audit entry. The audit actions keep their first names (`review.create`,
 * `review.update`) so that filters over older log entries still find them.
 */
import type { AppealRecordDto } from '../../../shared/review/api'
import type { Db } from '../../platform/db'
import type { Actor } from '../cases/service'
import { randomUUID } from 'node:crypto'
import { notFound } from '../../platform/errors'
import { audit } from '../store'
import { insertAppeal, listAppeals, updateAppeal } from './store'

export function appealService(o: { db: Db, defaultAgency: string }) {
  const { db } = o

  async function create(b: Partial<AppealRecordDto>, actor: Actor): Promise<AppealRecordDto> {
    const id = randomUUID()
    return db.transaction(async (tx) => {
      const r = await insertAppeal(tx, { id, agency: b.agency ?? o.defaultAgency, kind: b.kind!, filedDate: b.filedDate!, result: b.result ?? null, concludedDate: b.concludedDate ?? null, applicationId: b.applicationId ?? null, note: b.note ?? null, createdBy: actor.user.id })
      await audit(tx, { actor: actor.user, action: 'review.create', targetType: 'reviewRecord', targetId: id, ip: actor.ip, details: { kind: b.kind, result: b.result ?? null } })
      return r
    })
  }

  async function update(id: string, b: Partial<AppealRecordDto>, actor: Actor): Promise<AppealRecordDto> {
    const record = await db.transaction(async (tx) => {
      const r = await updateAppeal(tx, id, b)
      if (r)
        await audit(tx, { actor: actor.user, action: 'review.update', targetType: 'reviewRecord', targetId: id, ip: actor.ip, details: b })
      return r
    })
    if (!record)
      throw notFound('记录')
    return record
  }

  return { list: () => listAppeals(db), create, update }
}
