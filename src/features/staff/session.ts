/**
 * Kiosk idle reset hook (features/kiosk/composables/useSessionReset.ts): a staff member who signed
 * in on a public kiosk and walked away must not leave the next citizen a signed-in staff session.
 * The session cookie is httpOnly, so the page cannot drop it; the server ends the session instead
 * (the same DELETE as 退出, with the session's CSRF token fetched first). Nobody signed in (401)
 * or no network: nothing to do, and the reset is never held up for more than a moment.
 */
import type { SessionHooks } from '~/app/types'

const WAIT_MS = 2000

async function endStaffSession(): Promise<void> {
  const signal = AbortSignal.timeout(WAIT_MS)
  const init = { credentials: 'same-origin', cache: 'no-store', signal } as const
  const res = await fetch('/api/staff/session', { ...init, headers: { accept: 'application/json' } })
  if (!res.ok)
    return
  const { csrfToken } = await res.json() as { csrfToken?: string }
  if (csrfToken)
    await fetch('/api/staff/session', { ...init, method: 'DELETE', headers: { 'accept': 'application/json', 'x-csrf-token': csrfToken } })
}

const hooks: SessionHooks = {
  async wipe() {
    await endStaffSession().catch(() => {})
  },
}
export default hooks
