/**
 * DATA_DIR: the embedded database (DATA_DIR/pglite), the KEK file when none is configured
 * (DATA_DIR/keys/kek) and the control socket of a running server (DATA_DIR/run/control.sock).
 * Everything in it is for the server's user alone: the WAL holds tracking codes and masked personal
 * data, so the directory is 0700 and its files 0600, whatever the umask of the shell that started
 * the server (an install made before this rule is tightened at start).
 * PGlite's file system layer sets its own modes (0666) on the files it writes, whatever the umask:
 * the 0700 directory is what keeps them private while the server runs, and every entry is tightened
 * again after PGlite opened them and when the server stops.
 */
import { chmod, lstat, mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'

export const pgliteDir = (dataDir: string): string => join(dataDir, 'pglite')
export const controlSocketPath = (dataDir: string): string => join(dataDir, 'run', 'control.sock')

/** Makes DATA_DIR private: umask 077 for everything this process creates, and existing entries fixed. */
export async function privateDataDir(dataDir: string): Promise<void> {
  process.umask(0o077)
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  await tighten(dataDir)
}

/** Takes group and other permissions off everything under `path`. */
export async function tighten(path: string): Promise<void> {
  const s = await lstat(path)
  if (s.isSymbolicLink())
    return
  if (s.isDirectory()) {
    if ((s.mode & 0o077) !== 0)
      await chmod(path, 0o700)
    for (const name of await readdir(path))
      await tighten(join(path, name))
  }
  else if ((s.mode & 0o077) !== 0) {
    await chmod(path, s.mode & 0o700)
  }
}
