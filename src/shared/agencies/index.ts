/** The agency directory: types, input checks, the standard guide and search keys. */
export * from './guide'
export * from './hall'
export * from './input'
export * from './match'
export * from './types'
