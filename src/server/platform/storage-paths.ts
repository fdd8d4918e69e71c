/** Where embedded storage lives under DATA_DIR: one definition for the server and every CLI. */
import { join } from 'node:path'

export const pgliteDir = (dataDir: string): string => join(dataDir, 'pglite')
export const keysDir = (dataDir: string): string => join(dataDir, 'keys')
