/**
 * A kiosk's hall agencies on the apply form (issue 14). Staff set each kiosk to the agencies of its
 * service hall, in order; the first is the kiosk's default. The form offers those first and keeps
 * the rest of the directory one tap away (其他机关), because a hall's citizens sometimes apply to
 * an agency that has no window there. Pure, so the choices are table-tested
 * (tests/unit/hall-agencies.test.ts).
 */

/** The value of the picker's "other agencies" choice (never an agency id: ids have no colon). */
export const OTHER_AGENCY = ':other'

/**
 * The hall's agencies the form offers, in the order staff set: only those this device's directory
 * holds and that take applications (an id the device has not synced yet, or one that stopped, is
 * left out rather than offered and refused by the server).
 */
export function hallAgencies<T extends { id: string, active: boolean }>(hall: readonly string[], byId: ReadonlyMap<string, T>): T[] {
  const out: T[] = []
  for (const id of hall) {
    const a = byId.get(id)
    if (a?.active && !out.includes(a))
      out.push(a)
  }
  return out
}

/**
 * The agency the form starts with. Whatever is already chosen wins: the citizen came from a
 * catalog entry, a report or an agency page of that agency (or a draft of this session names it).
 * Otherwise the hall's first agency; '' on a device with no hall agencies (a phone).
 */
export function initialAgency(current: string, hall: readonly { id: string }[]): string {
  return current || hall[0]?.id || ''
}

/**
 * What the hall's choice shows: the chosen agency when it is one of the hall's, otherwise "other"
 * (then the searchable list of the whole directory is open). Null when there are no hall agencies:
 * the form shows only the directory, as on a phone.
 */
export function hallChoice(current: string, hall: readonly { id: string }[]): string | null {
  if (!hall.length)
    return null
  return hall.some(a => a.id === current) ? current : OTHER_AGENCY
}

/**
 * The agency after the citizen taps a choice: a hall agency is chosen outright; "other" clears a
 * hall agency so the directory list asks for one, and keeps an agency from elsewhere.
 */
export function chooseHallAgency(current: string, choice: string, hall: readonly { id: string }[]): string {
  if (choice !== OTHER_AGENCY)
    return choice
  return hall.some(a => a.id === current) ? '' : current
}
