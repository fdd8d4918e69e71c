/** Submitting applications from a device: ids and tracking codes, sealing, the wire protocol, receipt dates. */
export * from './bytes'
export * from './dates'
export * from './ids'
export * from './protocol'
export * from './seal'
