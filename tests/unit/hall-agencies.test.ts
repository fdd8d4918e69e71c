// A kiosk's hall agencies on the apply form: which are offered, which is pre-filled, what a tap does.
import { describe, expect, it } from 'vitest'
import { chooseHallAgency, hallAgencies, hallChoice, initialAgency, OTHER_AGENCY } from '~/shared/agencies'

const dir = new Map([
  ['a', { id: 'a', active: true }],
  ['b', { id: 'b', active: true }],
  ['stopped', { id: 'stopped', active: false }],
])
const A = dir.get('a')!
const B = dir.get('b')!

describe('hallAgencies', () => {
  it.each([
    { hall: ['b', 'a'], want: [B, A], why: 'in the order staff set' },
    { hall: ['a', 'unsynced', 'b'], want: [A, B], why: 'an id the device does not hold is left out' },
    { hall: ['stopped', 'a'], want: [A], why: 'an agency that stopped taking applications is left out' },
    { hall: ['a', 'a'], want: [A], why: 'each once' },
    { hall: [], want: [], why: 'not a kiosk' },
  ])('$why', ({ hall, want }) => {
    expect(hallAgencies(hall, dir)).toEqual(want)
  })
})

describe('initialAgency', () => {
  it.each([
    { current: '', hall: [A, B], want: 'a', why: 'the hall\'s first is the default' },
    { current: '', hall: [B, A], want: 'b', why: 'staff choose the default by the order' },
    { current: 'far', hall: [A, B], want: 'far', why: 'an agency from a catalog entry or report wins' },
    { current: 'b', hall: [A, B], want: 'b', why: 'a hall agency already chosen stays' },
    { current: '', hall: [], want: '', why: 'a phone gets no default' },
  ])('$why', ({ current, hall, want }) => {
    expect(initialAgency(current, hall)).toBe(want)
  })
})

describe('hallChoice and chooseHallAgency', () => {
  it.each([
    { current: 'a', hall: [A, B], want: 'a' },
    { current: 'far', hall: [A, B], want: OTHER_AGENCY },
    { current: '', hall: [A, B], want: OTHER_AGENCY },
    { current: 'a', hall: [], want: null },
  ])('shows $want for $current', ({ current, hall, want }) => {
    expect(hallChoice(current, hall)).toBe(want)
  })

  it.each([
    { current: 'a', choice: 'b', want: 'b', why: 'a hall agency is chosen outright' },
    { current: 'a', choice: OTHER_AGENCY, want: '', why: '"other" from a hall agency asks for one from the directory' },
    { current: 'far', choice: OTHER_AGENCY, want: 'far', why: '"other" keeps an agency from elsewhere' },
    { current: 'far', choice: 'a', want: 'a', why: 'a hall agency replaces one from elsewhere' },
  ])('$why', ({ current, choice, want }) => {
    expect(chooseHallAgency(current, choice, [A, B])).toBe(want)
  })
})
