/**
 * Web Push opt-in for one application: asks the browser for permission, subscribes with the
 * server's VAPID key and registers the subscription with the server, proving the right to follow
 * the application with its status token (receipt) or the phone's last four digits (tracking page).
 * Never offered on a kiosk: a shared screen must not keep anyone's notifications.
 */
import type { MaybeRefOrGetter } from 'vue'
import type { PushKeyResponse, PushSubscribeRequest } from '~/shared/notify'
import { computed, ref, toValue } from 'vue'
import { useI18n } from 'vue-i18n'
import { api, toApiError } from '~/app/api'
import { useApiErrorText } from '~/app/composables/useApiErrorText'
import { useKioskStore } from '~/features/kiosk/stores/kiosk'

export type PushOptInState = 'idle' | 'busy' | 'on' | 'denied' | 'unavailable' | 'failed' | 'offline'

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/')
  const raw = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4))
  const out = new Uint8Array(new ArrayBuffer(raw.length))
  for (let i = 0; i < raw.length; i++)
    out[i] = raw.charCodeAt(i)
  return out
}

export interface UsePushOptInOptions {
  code: MaybeRefOrGetter<string>
  token?: MaybeRefOrGetter<string | undefined>
  phone4?: MaybeRefOrGetter<string | undefined>
}

export function usePushOptIn(options: UsePushOptInOptions) {
  const kiosk = useKioskStore()
  const { locale, t } = useI18n()
  const errorText = useApiErrorText()
  const supported = typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window
  /** Shown at all: never on a kiosk. */
  const offered = computed(() => !kiosk.enabled)
  const state = ref<PushOptInState>(supported && Notification.permission === 'denied' ? 'denied' : 'idle')
  const reason = ref('')

  async function turnOn(): Promise<void> {
    if (state.value === 'busy')
      return
    state.value = 'busy'
    try {
      if (await Notification.requestPermission() !== 'granted') {
        state.value = 'denied'
        return
      }
      const { publicKey } = await api.get<PushKeyResponse>('/api/notify/push-key')
      if (!publicKey) {
        state.value = 'unavailable'
        return
      }
      const reg = await navigator.serviceWorker.ready
      const sub = await reg.pushManager.getSubscription()
        ?? await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) })
      const json = sub.toJSON() as { endpoint: string, keys: { p256dh: string, auth: string } }
      const body: PushSubscribeRequest = {
        subscription: { endpoint: json.endpoint, keys: { p256dh: json.keys.p256dh, auth: json.keys.auth } },
        lang: locale.value === 'en' ? 'en' : 'zh-CN',
        ...(toValue(options.token) ? { token: toValue(options.token) } : { phone4: toValue(options.phone4) }),
      }
      await api.post(`/api/applications/track/${encodeURIComponent(toValue(options.code))}/push`, { json: body })
      state.value = 'on'
    }
    catch (err) {
      // The browser's own refusals (no push service reachable) are DOMExceptions, not API errors.
      const e = err instanceof DOMException ? null : toApiError(err)
      state.value = e?.unreachable ? 'offline' : 'failed'
      reason.value = e ? errorText(e) : t('notify.pushServiceError')
    }
  }

  return { offered, supported, state, reason, turnOn }
}
