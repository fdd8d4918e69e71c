/**
 * The control socket of a server running on PGlite: a Unix socket in DATA_DIR/run (0700, so only
 * the server's own user can connect). PGlite is one process's files; a second process opening them
 * while the server runs would corrupt them, so `npm run backup` asks the running server for the
 * dump here instead (GET /backup streams it), and `npm run restore` uses it to see that a server
 * is running and refuse. PostgreSQL needs none of this: its CLIs connect to the database.
 */
import type { Db } from './db'
import { mkdir, rm } from 'node:fs/promises'
import { createServer, request } from 'node:http'
import { dirname } from 'node:path'
import { writeBackup } from './backup'
import { controlSocketPath } from './data-dir'

/** Starts listening; resolves with the function that stops it. */
export async function startControlSocket(dataDir: string, db: Db, log: (m: string) => void): Promise<() => Promise<void>> {
  const path = controlSocketPath(dataDir)
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  // A socket file left by a killed server: nothing answers on it (only one server owns the PGlite files).
  await rm(path, { force: true })
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/backup') {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': 'application/gzip' })
    writeBackup(db, res).catch((err: Error) => {
      // The CLI sees a file without its end marker and refuses it.
      log(`backup failed: ${err.message}`)
      res.destroy(err)
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(path, () => resolve())
  })
  return async () => {
    await new Promise<void>(resolve => server.close(() => resolve()))
    await rm(path, { force: true })
  }
}

/** Opens GET `path` on a running server's control socket; null when no server answers there. */
export function controlRequest(dataDir: string, path: string): Promise<import('node:http').IncomingMessage | null> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: controlSocketPath(dataDir), path, method: 'GET' }, resolve)
    req.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED')
        resolve(null)
      else
        reject(err)
    })
    req.end()
  })
}
