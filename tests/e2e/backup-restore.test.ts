/**
 * Issue 15, done-when: backup, wipe, restore onto a fresh data directory. The production server
 * runs on PGlite; `npm run backup` is taken from it while it runs (over its control socket); the
 * data directory is then deleted, `npm run restore` fills a new one, and the restarted server opens
 * every application for staff, answers tracking, and accepts an application a device sealed before
 * the backup and still had queued. Devices are played by Node with the same shared sealing code the
 * app runs (src/shared/submission), against the real HTTP API.
 */
import type { TestServer } from './server'
import type { ApplicationPublicKey, SubmitApplicationResponse } from '~/shared/submission'
import { execFile } from 'node:child_process'
import { copyFile, lstat, mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { makeSubmission, SAMPLE_PERSONAL } from '../support/applications'
import { startServer } from './server'
import { demoPassword, staffHeaders } from './staff-helpers'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Runs one of the package's CLIs the way an operator does; resolves with its exit code and output. */
async function cli(script: string, args: string[], env: Record<string, string>): Promise<{ code: number, out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', `src/server/cli/${script}.ts`, ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', ...env } })
    return { code: 0, out: stdout + stderr }
  }
  catch (err) {
    const e = err as { code: number, stdout: string, stderr: string }
    return { code: e.code, out: e.stdout + e.stderr }
  }
}

describe('backup, wipe, restore (PGlite)', () => {
  const cleanup: string[] = []
  let first: TestServer | undefined
  let second: TestServer | undefined
  afterAll(async () => {
    await first?.dispose()
    await second?.dispose()
    for (const d of cleanup)
      await rm(d, { recursive: true, force: true })
  })

  it('every application revealable, tracking works, a box queued before the backup is accepted after the restore', async () => {
    const safe = await mkdtemp(join(tmpdir(), 'gk-backup-'))
    cleanup.push(safe)
    first = await startServer({ env: { STAFF_DEMO: '1' } })
    const password = await demoPassword(first)
    const key = await (await fetch(`${first.url}/api/keys/applications`)).json() as ApplicationPublicKey
    const post = async (body: unknown, url: string) => fetch(`${url}/api/applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const accepted: SubmitApplicationResponse[] = []
    for (let i = 0; i < 4; i++) {
      const res = await post(await makeSubmission(key, { personal: { name: `申请人${i}` } }), first.url)
      expect(res.status).toBe(201)
      accepted.push(await res.json() as SubmitApplicationResponse)
    }
    // Sealed on a device, then the device went offline: still in its outbox when disaster strikes.
    const queued = await makeSubmission(key, { personal: { name: '离线者' } })

    // The data directory is the server's alone (the WAL holds tracking codes and masked phones).
    expect((await stat(first.dataDir)).mode & 0o777).toBe(0o700)
    expect((await stat(join(first.dataDir, 'keys', 'kek'))).mode & 0o777).toBe(0o600)

    const file = join(safe, 'gongkai.backup')
    const backup = await cli('backup', [file], { DATA_DIR: first.dataDir })
    expect(backup.code, backup.out).toBe(0)
    expect(backup.out).toMatch(/4 applications/)
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    // A restore over a running server is refused.
    const over = await cli('restore', [file], { DATA_DIR: first.dataDir })
    expect(over.code).not.toBe(0)
    expect(over.out).toMatch(/server is running/)
    // The operator keeps the key-encryption key apart from the backups.
    const kek = join(safe, 'kek')
    await copyFile(join(first.dataDir, 'keys', 'kek'), kek)
    await first.stop()
    // Once stopped, no file or directory in it is open to group or others (PGlite writes 0666).
    for (const entry of await readdir(first.dataDir, { recursive: true }))
      expect(((await lstat(join(first.dataDir, entry))).mode & 0o077).toString(8), entry).toBe('0')
    await rm(first.dataDir, { recursive: true, force: true })

    const fresh = await mkdtemp(join(tmpdir(), 'gk-restored-'))
    cleanup.push(fresh)
    // Without the KEK the restore refuses, saying what it needs, and leaves the directory usable.
    const noKek = await cli('restore', [file], { DATA_DIR: fresh })
    expect(noKek.code).not.toBe(0)
    expect(noKek.out).toMatch(/KEY_ENCRYPTION_KEY/)
    const restore = await cli('restore', [file], { DATA_DIR: fresh, KEY_ENCRYPTION_KEY_FILE: kek })
    expect(restore.code, restore.out).toBe(0)

    second = await startServer({ dataDir: fresh, env: { KEY_ENCRYPTION_KEY_FILE: kek } })
    const staff = await staffHeaders(second.url, { username: 'demo', password })
    for (const [i, a] of accepted.entries()) {
      const revealed = await fetch(`${second.url}/api/staff/applications/${a.id}/reveal`, { method: 'POST', headers: { ...staff, 'content-type': 'application/json' }, body: '{}' })
      expect(revealed.status).toBe(200)
      expect((await revealed.json() as { personal: { name: string } }).personal.name).toBe(`申请人${i}`)
      const tracked = await fetch(`${second.url}/api/applications/track/${a.trackingCode}?phone4=${SAMPLE_PERSONAL.phone.slice(-4)}`)
      expect(tracked.status).toBe(200)
      expect((await fetch(`${second.url}/api/applications/track/${a.trackingCode}?token=${a.statusToken}`)).status).toBe(200)
    }
    const late = await post(queued, second.url)
    expect(late.status).toBe(201)
  })
})
