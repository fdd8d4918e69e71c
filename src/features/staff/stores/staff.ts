/**
 * The signed-in staff member and the session's CSRF token. Held in memory only: the session itself
 * is the httpOnly cookie, and after a reload the token is fetched again from /api/staff/session.
 */
import type { SessionResponse, StaffUserInfo } from '~/shared/review/api'
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'

export class StaffHttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly field?: string) {
    super(message)
  }
}

export const useStaffStore = defineStore('staff', () => {
  const user = shallowRef<StaffUserInfo | null>(null)
  const csrf = shallowRef<string | null>(null)

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (body !== undefined)
      headers['content-type'] = 'application/json'
    if (method !== 'GET' && csrf.value)
      headers['x-csrf-token'] = csrf.value
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', cache: 'no-store' })
    const json = await res.json().catch(() => undefined) as ({ error?: { code: string, message: string, field?: string } } & T) | undefined
    if (!res.ok) {
      if (res.status === 401) {
        user.value = null
        csrf.value = null
      }
      throw new StaffHttpError(res.status, json?.error?.code ?? 'http', json?.error?.message ?? `HTTP ${res.status}`, json?.error?.field)
    }
    return json as T
  }

  /** Restores the session after a reload; false when signed out. */
  async function restore(): Promise<boolean> {
    if (user.value)
      return true
    try {
      const s = await request<SessionResponse>('GET', '/api/staff/session')
      user.value = s.user
      csrf.value = s.csrfToken
      return true
    }
    catch {
      return false
    }
  }

  async function signIn(username: string, password: string): Promise<void> {
    const s = await request<SessionResponse>('POST', '/api/staff/session', { username, password })
    user.value = s.user
    csrf.value = s.csrfToken
  }

  async function signOut(everywhere = false): Promise<void> {
    await request('DELETE', everywhere ? '/api/staff/sessions' : '/api/staff/session').catch(() => {})
    user.value = null
    csrf.value = null
  }

  return { user, csrf, request, restore, signIn, signOut }
})
