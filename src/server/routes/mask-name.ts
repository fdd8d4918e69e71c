/**
 * Masks a person's or organisation's name for staff lists and logs: the first character kept
 * ('张**'). Kept here rather than in shared/application because only the server shows masked
 * names; the shared module (owned by the domain branch) had maskIdNumber and maskPhone only.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()]
  if (chars.length <= 1)
    return '*'
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 8))
}
