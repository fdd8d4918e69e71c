/**
 * What the receipt (回执) shows: the application from the device, its receipt and due dates (from
 * the server once it has them; before that computed with the same shared clock where Art. 31
 * allows — a kiosk submission is received the day it is made), and a QR code of the tracking link.
 */
import type { MaybeRefOrGetter } from 'vue'
import QRCode from 'qrcode'
import { computed, shallowRef, toValue, watch } from 'vue'
import { publicUrl } from '~/app/composables/usePublicUrl'
import { submissionDates } from '~/shared/submission'
import { useDeviceApplication } from './useOutbox'

/**
 * The tracking link for the QR code: built on the public origin (VITE_PUBLIC_ORIGIN), not the
 * address this device reached the app at — a kiosk's LAN address would not open on a citizen's phone.
 */
function trackingLink(code: string): string {
  return publicUrl(`/track?code=${encodeURIComponent(code)}`)
}

export function useReceipt(options: { id: MaybeRefOrGetter<string> }) {
  const { application, loading } = useDeviceApplication({ id: () => toValue(options.id) })
  const dates = computed(() => {
    const a = application.value
    if (!a)
      return null
    if (a.receivedOn && a.dueDate)
      return { receivedOn: a.receivedOn, dueDate: a.dueDate, provisional: !!a.dueDateProvisional }
    const d = submissionDates({ channel: a.channel, deviceSubmittedAt: a.createdAt })
    return d.receivedOn ? { receivedOn: d.receivedOn, dueDate: d.dueDate!, provisional: d.dueDateProvisional } : null
  })
  const link = computed(() => application.value ? trackingLink(application.value.trackingCode) : '')
  const qr = shallowRef<string>('')
  watch(link, async (url) => {
    qr.value = url ? await QRCode.toDataURL(url, { margin: 1, width: 256, errorCorrectionLevel: 'M' }) : ''
  }, { immediate: true })
  return { application, loading, dates, link, qr }
}
