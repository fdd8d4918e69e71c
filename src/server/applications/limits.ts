/** Rate and size limits of the application routes: a type of their own so AppContext needs no route file. */

/** Requests per minute. Generous per address: a whole service hall may share one. */
export interface ApplicationLimits {
  submitPerDevice: number
  submitPerAddress: number
  trackPerCode: number
  trackPerAddress: number
  /** Largest submission body in bytes. */
  bodyBytes: number
  /** Wrong phone digits per tracking code per window, from any address (applications/guess-budget.ts). */
  trackGuessBudget: number
  trackGuessWindowSec: number
}

export const DEFAULT_APPLICATION_LIMITS: ApplicationLimits = {
  submitPerDevice: 30,
  submitPerAddress: 600,
  trackPerCode: 10,
  trackPerAddress: 120,
  bodyBytes: 64 * 1024,
  trackGuessBudget: 10,
  trackGuessWindowSec: 24 * 3600,
}
