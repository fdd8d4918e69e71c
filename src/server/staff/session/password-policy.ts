/**
 * What a staff password must not be (issue 15): shorter than MIN_PASSWORD_LENGTH, only white space,
 * the user name (or built on it), or guessable. "Guessable" is zxcvbn's estimate (@zxcvbn-ts with
 * its common-password, name and English dictionaries, plus keyboard patterns, dates and
 * repeats) rather than a hand-written list: a score under 3 means roughly under 10^8 guesses, which
 * an offline attack on a leaked hash or a slow online one across instances can reach.
 */
import { zxcvbn, zxcvbnOptions } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as en from '@zxcvbn-ts/language-en'
import { MIN_PASSWORD_LENGTH } from './passwords'

zxcvbnOptions.setOptions({
  dictionary: { ...common.dictionary, ...en.dictionary },
  graphs: common.adjacencyGraphs,
  translations: en.translations,
})

export const MIN_PASSWORD_SCORE = 3

export type PasswordProblem = 'blank' | 'short' | 'username' | 'guessable'

/** Why `password` is refused for `username`, with a message in both languages; null when it is fine. */
export function passwordProblem(password: string, username: string): { problem: PasswordProblem, message: string } | null {
  if (password.trim() === '')
    return { problem: 'blank', message: '密码不能只有空格 (the password cannot be only white space)' }
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return { problem: 'short', message: `密码至少需要 ${MIN_PASSWORD_LENGTH} 个字符 (at least ${MIN_PASSWORD_LENGTH} characters)` }
  const name = username.trim().toLowerCase()
  if (name && password.toLowerCase().includes(name))
    return { problem: 'username', message: '密码不能包含用户名 (the password cannot contain the user name)' }
  // Only the first 100 characters are scored: the estimate is superlinear in length.
  if (zxcvbn(password.slice(0, 100), [username]).score < MIN_PASSWORD_SCORE)
    return { problem: 'guessable', message: '密码太常见或太容易猜到，请换一个更长、不常见的密码 (the password is too common or easy to guess)' }
  return null
}
