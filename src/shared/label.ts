// Registries (outcomes, channels, applicant types, roles, statuses...) carry their own `{ zh, en }`
// labels so that the client, the reply letters, the CSV export and the server's messages all use the
// same words. `label()` is the one place that picks the language; the client's `useLabel()` binds it
// to the current vue-i18n locale.

/** A registry entry's display names. */
export interface Label { readonly zh: string, readonly en: string }

/** The registry language for a locale: English for `en*`, Chinese for everything else. */
export type LabelLang = keyof Label

/** The registry language of a vue-i18n locale ('zh-CN', 'en'). */
export function labelLang(locale: string): LabelLang {
  return locale.startsWith('en') ? 'en' : 'zh'
}

/** An entry's name in `locale`; '' for no entry. */
export function label(entry: Label | null | undefined, locale: string): string {
  return entry ? entry[labelLang(locale)] : ''
}
