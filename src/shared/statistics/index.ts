export * from './appeals'
/** Annual-report statistics built from handled cases: the tables, their figures and CSV. */
export * from './export'
export * from './layout'
export * from './requests'
