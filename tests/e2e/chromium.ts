/**
 * The system Chromium (Debian's `chromium`), driven by playwright-core. Playwright's own browser
 * download cannot work on our machines, so the binary must exist: we fail loudly, never skip.
 */
import type { Browser, BrowserContext, BrowserContextOptions, LaunchOptions } from 'playwright-core'
import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean) as string[]
  const found = candidates.find(p => existsSync(p))
  if (!found) {
    throw new Error(
      'End-to-end tests need a Chromium binary and none was found.\n'
      + '  Debian/Ubuntu: sudo apt-get install chromium fonts-noto-cjk\n'
      + '  or point CHROMIUM_PATH at a Chromium or Chrome binary.',
    )
  }
  return found
}

export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS, headless: true, ...options })
}

/** The screens the tests stand in for: a phone (portrait), a hall kiosk (portrait touch screen). */
export const DEVICES = {
  phone: { viewport: { width: 412, height: 900 } },
  kiosk: { viewport: { width: 1080, height: 1600 }, hasTouch: true },
} as const satisfies Record<string, BrowserContextOptions>

/** A fresh browser profile on `device` (Chinese unless `locale` says otherwise), like a citizen's own device. */
export function newDevice(browser: Browser, device: keyof typeof DEVICES, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ locale: 'zh-CN', ...DEVICES[device], ...options })
}
