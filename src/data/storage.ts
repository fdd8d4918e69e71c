/**
 * The browser's storage manager: ask that our data survive storage pressure (a kiosk or phone
 * that evicted the catalog would have to download it again), and report how much is used.
 */
export interface StorageUse {
  usage: number
  quota: number
  persisted: boolean
}

/** Asks once for persistent storage; true when granted (browsers may decide without a prompt). */
export async function requestPersistentStorage(): Promise<boolean> {
  try {
    if (!navigator.storage?.persist)
      return false
    if (await navigator.storage.persisted())
      return true
    return await navigator.storage.persist()
  }
  catch {
    return false
  }
}

/** Used and available bytes for this origin, or undefined where the browser cannot tell. */
export async function storageUse(): Promise<StorageUse | undefined> {
  try {
    if (!navigator.storage?.estimate)
      return undefined
    const [e, persisted] = await Promise.all([navigator.storage.estimate(), navigator.storage.persisted?.() ?? false])
    return { usage: e.usage ?? 0, quota: e.quota ?? 0, persisted }
  }
  catch {
    return undefined
  }
}
