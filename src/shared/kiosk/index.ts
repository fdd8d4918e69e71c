/** Trusted kiosks: what they sign, and when the server believes their in-person receipt time. */
export * from './claim'
export * from './signing'
export * from './types'
