/**
 * Masks a person's or organisation's name for staff lists and logs: the first character kept
 * ('张**'). Beside maskIdNumber and maskPhone (ids.ts) so that every masking rule lives in one place.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()]
  if (chars.length <= 1)
    return '*'
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 8))
}
