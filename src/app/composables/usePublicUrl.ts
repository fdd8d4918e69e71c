/**
 * Absolute URL of an app path, for a QR code a phone will open. A kiosk is often reached at a LAN
 * address that phones cannot see; VITE_PUBLIC_ORIGIN (set at build time) names the public one.
 */
export function publicUrl(path: string): string {
  const origin = import.meta.env.VITE_PUBLIC_ORIGIN || window.location.origin
  return new URL(path, origin).toString()
}
