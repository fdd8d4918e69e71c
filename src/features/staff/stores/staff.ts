/**
 * The signed-in staff member and the session's CSRF token. Held in memory only: the session itself
 * is the httpOnly cookie, and after a reload the token is fetched again from /api/staff/session.
 * Staff requests go through `request`, which adds the token and forgets the user on a 401.
 */
import type { RequestOptions } from '~/app/api'
import type { SessionResponse, StaffUserInfo } from '~/shared/review/api'
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import { ApiError, apiRequest } from '~/app/api'

export const useStaffStore = defineStore('staff', () => {
  const user = shallowRef<StaffUserInfo | null>(null)
  const csrf = shallowRef<string | null>(null)

  async function request<T>(method: string, path: string, options: Omit<RequestOptions, 'csrf'> = {}): Promise<T> {
    try {
      return await apiRequest<T>(method, path, { ...options, csrf: csrf.value })
    }
    catch (e) {
      if (e instanceof ApiError && e.code === 'unauthenticated') {
        user.value = null
        csrf.value = null
      }
      throw e
    }
  }

  /** Restores the session after a reload; false when signed out (or the server is out of reach). */
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
    const s = await request<SessionResponse>('POST', '/api/staff/session', { json: { username, password } })
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
