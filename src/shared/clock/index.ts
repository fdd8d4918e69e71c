/** The statutory deadline clock: case events in, due date and status out. */
export * from './clock'
export * from './events'
export * from './parse'
