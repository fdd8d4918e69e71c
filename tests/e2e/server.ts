/**
 * Runs the real production server (`src/server/main.ts`, serving dist/) as a child process on a
 * free loopback port with its own PGlite directory, so a test can stop it to cut the network and
 * start it again on the same port and data to restore it.
 */
import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface TestServer {
  url: string
  port: number
  dataDir: string
  /** Stops the process (SIGKILL when `hard`, as in a crash). */
  stop: (opts?: { hard?: boolean }) => Promise<void>
  start: () => Promise<void>
  /** Stops it and removes its data. */
  dispose: () => Promise<void>
  log: () => string
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

export async function startServer(options: { env?: Record<string, string>, startTimeoutMs?: number, dataDir?: string } = {}): Promise<TestServer> {
  const startTimeoutMs = options.startTimeoutMs ?? 60_000
  const port = await freePort()
  // A given directory (a restored backup) is used as it is; otherwise a fresh one.
  const dataDir = options.dataDir ?? await mkdtemp(join(tmpdir(), 'gongkai-e2e-'))
  let child: ChildProcess | undefined
  let output = ''

  async function start(): Promise<void> {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...options.env }
    if (!options.env?.DATABASE_URL)
      delete env.DATABASE_URL
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
    child = proc
    // A restart must wait for its own banner, not find the previous run's in the output so far.
    const from = output.length
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start in ${startTimeoutMs / 1000} s:\n${output}`)), startTimeoutMs)
      const onData = (b: Buffer) => {
        output += b.toString()
        if (output.includes('is running:', from)) {
          clearTimeout(timer)
          resolve()
        }
      }
      proc.stdout!.on('data', onData)
      proc.stderr!.on('data', (b: Buffer) => {
        output += b.toString()
      })
      proc.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`server exited with ${code}:\n${output}`))
      })
    })
  }

  async function stop({ hard = false } = {}): Promise<void> {
    const proc = child
    child = undefined
    if (!proc || proc.exitCode !== null)
      return
    const exited = new Promise(r => proc.once('exit', r))
    proc.kill(hard ? 'SIGKILL' : 'SIGTERM')
    await exited
  }

  await start()
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    stop,
    start,
    async dispose() {
      await stop()
      await rm(dataDir, { recursive: true, force: true })
    },
    log: () => output,
  }
}

/**
 * Waits until the server's /api/health says its sync page cache is warm (src/server/sync/cache.ts):
 * a first download then finds every page ready. Returns how long that took, in ms.
 */
export async function waitForWarmSyncCache(url: string): Promise<number> {
  const t = performance.now()
  for (;;) {
    const health = await (await fetch(`${url}/api/health`)).json() as { syncCache?: { warm?: boolean } }
    if (health.syncCache?.warm)
      return performance.now() - t
    await new Promise(r => setTimeout(r, 250))
  }
}
