/** Case files: sniffing, limits, and the 补正 wire protocol. */
export * from './amendment'
export * from './files'
