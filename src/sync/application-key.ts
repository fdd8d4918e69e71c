/**
 * The agency public key that applications are sealed to. Fetched and cached while online; for a
 * device that has never reached /api, the same key at /application-key.json, which the service
 * worker precaches when the app is installed, so sealing works on the very first offline start.
 */
import type { ApplicationPublicKey } from '~/shared/submission'
import { cacheApplicationKey, getCachedApplicationKey } from '~/data/device'
import { keyIdOf, SEAL_ALG } from '~/shared/submission'

type Fetch = typeof fetch

async function fetchKey(url: string, fetchFn: Fetch): Promise<ApplicationPublicKey> {
  const res = await fetchFn(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) })
  if (!res.ok)
    throw new Error(`key fetch failed: HTTP ${res.status}`)
  const key = await res.json() as ApplicationPublicKey
  // Never trust a key whose id does not match its contents: the server looks keys up by kid.
  if (key.alg !== SEAL_ALG || key.kid !== await keyIdOf(key.jwk))
    throw new Error('the server sent a malformed application key')
  return key
}

/** Fetches the current key from the server and caches it; returns it, or undefined when offline. */
export async function refreshApplicationKey(fetchFn: Fetch = globalThis.fetch.bind(globalThis)): Promise<ApplicationPublicKey | undefined> {
  try {
    const key = await fetchKey('/api/keys/applications', fetchFn)
    await cacheApplicationKey(key)
    return key
  }
  catch {
    return undefined
  }
}

/** The key to seal with now: the cached one, else the network's, else the precached file. */
export async function resolveApplicationKey(fetchFn: Fetch = globalThis.fetch.bind(globalThis)): Promise<ApplicationPublicKey> {
  const cached = await getCachedApplicationKey()
  if (cached)
    return cached
  const live = await refreshApplicationKey(fetchFn)
  if (live)
    return live
  const shipped = await fetchKey('/application-key.json', fetchFn)
  await cacheApplicationKey(shipped)
  return shipped
}
