/**
 * Kiosk idle reset hook (features/kiosk/composables/useSessionReset.ts): a staff member who signed
 * in on a public kiosk and walked away must not leave the next citizen a signed-in staff session.
 * The session cookie is httpOnly, so the page cannot drop it; the server ends the session instead
 * (the same DELETE as 退出, with the session's CSRF token fetched first). Nobody signed in (401)
 * or no network: nothing to do, and the reset is never held up for more than a moment.
 */
import type { SessionHooks } from '~/app/types'
import type { SessionResponse } from '~/shared/review/api'
import { api } from '~/app/api'

const WAIT_MS = 2000

async function endStaffSession(): Promise<void> {
  // One deadline for both requests together.
  const signal = AbortSignal.timeout(WAIT_MS)
  const { csrfToken } = await api.get<SessionResponse>('/api/staff/session', { signal })
  if (csrfToken)
    await api.delete('/api/staff/session', { csrf: csrfToken, signal })
}

const hooks: SessionHooks = {
  async wipe() {
    await endStaffSession().catch(() => {})
  },
}
export default hooks
