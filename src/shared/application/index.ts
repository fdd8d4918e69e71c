/** The information-disclosure application: schema, validation, identity checks and masking. */
export { normalizePhone, phoneLast4 } from './contact'
export type { PhoneKind } from './contact'
export { isValidResidentId, isValidUscc, maskIdNumber, maskPhone, normalizeMobile } from './ids'
export { maskName } from './mask-name'
export * from './schema'
export { APPLICATION_STATUS, outcomeLabel, statusLabel } from './status'
export * from './validate'
