/**
 * The applicant's 补正 answers and the files of a case (migration 020): the only SQL of this domain.
 * Bytes go in and out as base64 through decode()/encode(), so PGlite and PostgreSQL (whose drivers
 * return bytea as different types) give the same result.
 */
import type { CaseFileKind, CaseFileRef, SniffedType } from '../../shared/files'
import type { Queryable } from '../platform/db'

const ISO = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
const REF = `id::text as id, name, content_type as "contentType", size, ${ISO('created_at')} as at`

export interface StoredAmendment {
  id: string
  applicationId: string
  payloadHash: string
  text: string
  receivedAt: string
}

export interface NewCaseFile {
  id: string
  applicationId: string
  kind: CaseFileKind
  amendmentId: string | null
  name: string
  contentType: SniffedType
  bytes: Uint8Array
  sha256: string
  uploadedBy: string | null
}

export async function findAmendment(db: Queryable, id: string): Promise<StoredAmendment | null> {
  const { rows } = await db.query<StoredAmendment>(
    `select id::text as id, application_id::text as "applicationId", payload_hash as "payloadHash", text, ${ISO('received_at')} as "receivedAt" from amendments where id = $1`,
    [id],
  )
  return rows[0] ?? null
}

export async function insertAmendment(tx: Queryable, a: { id: string, applicationId: string, payloadHash: string, text: string, receivedAt: string }): Promise<void> {
  await tx.query('insert into amendments (id, application_id, payload_hash, text, received_at) values ($1, $2, $3, $4, $5)', [a.id, a.applicationId, a.payloadHash, a.text, a.receivedAt])
}

export async function insertCaseFile(tx: Queryable, f: NewCaseFile): Promise<void> {
  await tx.query(
    `insert into case_files (id, application_id, kind, amendment_id, name, content_type, size, sha256, data, uploaded_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, decode($9, 'base64'), $10)`,
    [f.id, f.applicationId, f.kind, f.amendmentId, f.name, f.contentType, f.bytes.length, f.sha256, Buffer.from(f.bytes).toString('base64'), f.uploadedBy],
  )
}

/** One file's id, application, kind and hash (an idempotent upload compares the hash). */
export async function findCaseFileMeta(db: Queryable, id: string): Promise<{ id: string, applicationId: string, kind: CaseFileKind, sha256: string } | null> {
  const { rows } = await db.query<{ id: string, applicationId: string, kind: CaseFileKind, sha256: string }>(
    `select id::text as id, application_id::text as "applicationId", kind, sha256 from case_files where id = $1`,
    [id],
  )
  return rows[0] ?? null
}

/** Files of one case and kind, oldest first (no bytes). */
export async function listCaseFiles(db: Queryable, applicationId: string, kind: CaseFileKind): Promise<(CaseFileRef & { amendmentId: string | null })[]> {
  const { rows } = await db.query<CaseFileRef & { amendmentId: string | null }>(
    `select ${REF}, amendment_id::text as "amendmentId" from case_files where application_id = $1 and kind = $2 order by created_at, id`,
    [applicationId, kind],
  )
  return rows.map(r => ({ ...r, size: Number(r.size) }))
}

/** Total bytes and count of one case's files of a kind (the limits count them). */
export async function caseFileTotals(db: Queryable, applicationId: string, kind: CaseFileKind): Promise<{ bytes: number, files: number }> {
  const { rows } = await db.query<{ bytes: string | number, files: number }>(
    'select coalesce(sum(size), 0)::bigint as bytes, count(*)::int as files from case_files where application_id = $1 and kind = $2',
    [applicationId, kind],
  )
  return { bytes: Number(rows[0]!.bytes), files: rows[0]!.files }
}

/** One file with its bytes, if it belongs to this case. */
export async function readCaseFile(db: Queryable, applicationId: string, id: string): Promise<(CaseFileRef & { kind: CaseFileKind, bytes: Buffer }) | null> {
  const { rows } = await db.query<CaseFileRef & { kind: CaseFileKind, b64: string }>(
    `select ${REF}, kind, encode(data, 'base64') as b64 from case_files where application_id = $1 and id = $2`,
    [applicationId, id],
  )
  const r = rows[0]
  if (!r)
    return null
  const { b64, ...rest } = r
  return { ...rest, size: Number(rest.size), bytes: Buffer.from(b64, 'base64') }
}

/** Removes an answer file staff attached by mistake (only before the answer; the service checks). */
export async function deleteAnswerFile(tx: Queryable, applicationId: string, id: string): Promise<boolean> {
  const { rows } = await tx.query<{ id: string }>(`delete from case_files where application_id = $1 and id = $2 and kind = 'answer' returning id::text as id`, [applicationId, id])
  return rows.length === 1
}

/** The applicant's 补正 answers of one case, oldest first, each with its files. */
export async function listAmendments(db: Queryable, applicationId: string): Promise<{ id: string, text: string, receivedAt: string, files: CaseFileRef[] }[]> {
  const { rows } = await db.query<{ id: string, text: string, receivedAt: string }>(
    `select id::text as id, text, ${ISO('received_at')} as "receivedAt" from amendments where application_id = $1 order by received_at, id`,
    [applicationId],
  )
  const files = await listCaseFiles(db, applicationId, 'amendment')
  return rows.map(r => ({ ...r, files: files.filter(f => f.amendmentId === r.id).map(({ amendmentId: _a, ...f }) => f) }))
}

/** The answer letter (告知书) of an answered case, or null. */
export async function answerLetter(db: Queryable, applicationId: string): Promise<{ letter: string, at: string } | null> {
  const { rows } = await db.query<{ letter: string, at: string }>(
    `select letter, ${ISO('created_at')} as at from case_events where application_id = $1 and kind = 'answer' and letter is not null order by seq desc limit 1`,
    [applicationId],
  )
  return rows[0] ?? null
}

export async function setMailingNumber(tx: Queryable, applicationId: string, number: string): Promise<void> {
  await tx.query('update applications set mailing_number = $2 where id = $1', [applicationId, number])
  await tx.query(`insert into change_log (entity, entity_id, op) values ('application', $1, 'put')`, [applicationId])
}

export async function mailingNumber(db: Queryable, applicationId: string): Promise<string | null> {
  const { rows } = await db.query<{ n: string | null }>('select mailing_number as n from applications where id = $1', [applicationId])
  return rows[0]?.n ?? null
}
