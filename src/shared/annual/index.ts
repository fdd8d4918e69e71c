/** Annual report drafts written from the platform's own records: tables, figures, text, the publish check. */
export * from './check'
export * from './draft'
export * from './proactive'
export * from './render'
