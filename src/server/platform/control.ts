/**
 * The control socket of a server running on PGlite: a Unix socket in DATA_DIR/run (0700, so only
 * the server's own user can connect). PGlite is one process's files; a second process opening them
 * while the server runs would corrupt them, so `npm run backup` asks the running server for the
 * dump here instead (GET /backup streams it), and `npm run restore` uses it to see that a server
 * is running and refuse, and `npm run user:create` posts the new account here (POST /users, see
 * main.ts) so the server's own connection writes it. PostgreSQL needs none of this: its CLIs
 * connect to the database.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Db } from './db'
import { mkdir, rm } from 'node:fs/promises'
import { createServer, request } from 'node:http'
import { dirname } from 'node:path'
import { writeBackup } from './backup'
import { controlSocketPath } from './data-dir'

/** A POST handler of the control socket: the JSON body in, a status and JSON body out. */
export type ControlHandler = (body: unknown) => Promise<{ status: number, body: unknown }>

const MAX_CONTROL_BODY = 64 * 1024

/** Starts listening; resolves with the function that stops it. */
export async function startControlSocket(dataDir: string, db: Db, log: (m: string) => void, handlers: Record<string, ControlHandler> = {}): Promise<() => Promise<void>> {
  const path = controlSocketPath(dataDir)
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  // A socket file left by a killed server: nothing answers on it (only one server owns the PGlite files).
  await rm(path, { force: true })
  const server = createServer((req, res) => {
    const handler = req.method === 'POST' && req.url ? handlers[req.url] : undefined
    if (handler) {
      void answerPost(req, res, handler, log)
      return
    }
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

async function answerPost(req: IncomingMessage, res: ServerResponse, handler: ControlHandler, log: (m: string) => void): Promise<void> {
  const send = (status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  }
  try {
    let raw = ''
    for await (const chunk of req) {
      raw += String(chunk)
      if (raw.length > MAX_CONTROL_BODY)
        return send(413, { error: { code: 'too_large', message: 'request too large' } })
    }
    let body: unknown
    try {
      body = JSON.parse(raw)
    }
    catch {
      return send(400, { error: { code: 'invalid_json', message: 'the body is not JSON' } })
    }
    const r = await handler(body)
    send(r.status, r.body)
  }
  catch (err) {
    log(`control ${req.url} failed: ${(err as Error).message}`)
    send(500, { error: { code: 'internal', message: 'the server could not do that; see its log' } })
  }
}

/** POSTs JSON to `path` on a running server's control socket; null when no server answers there. */
export function controlPost(dataDir: string, path: string, json: unknown): Promise<{ status: number, body: unknown } | null> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: controlSocketPath(dataDir), path, method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let raw = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => {
        raw += c
      })
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 500, body: JSON.parse(raw) })
        }
        catch {
          resolve({ status: res.statusCode ?? 500, body: null })
        }
      })
      res.on('error', reject)
    })
    req.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED')
        resolve(null)
      else
        reject(err)
    })
    req.end(JSON.stringify(json))
  })
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
