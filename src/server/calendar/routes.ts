/**
 * The working-day calendar as operated data (issue 17, docs/law.md):
 *   GET  /api/staff/calendar         the calendar in force: version, covered years, loaded versions
 *   POST /api/staff/calendar/years   load a year's schedule, as JSON ({ schedule }) or CSV ({ year, csv })
 * Loading is validated by the shared parsers, versioned, audited, and recomputes every open case.
 * The same schedule loaded again (a retried request) answers 200 with the version already stored.
 */
import type { FastifyInstance } from 'fastify'
import type { YearSchedule } from '../../shared/calendar'
import type { StaffPluginOptions } from '../staff/routes'
import { parseScheduleCsv, parseYearSchedule, scheduleWarnings } from '../../shared/calendar'
import { ApiError } from '../platform/errors'
import { requireCap } from '../staff/auth'
import { caseService } from '../staff/cases/service'
import { currentCalendar, loadYear } from './service'
import { latestSchedules, listYears } from './store'

function sameSchedule(a: YearSchedule, b: YearSchedule) {
  const key = (s: YearSchedule) => JSON.stringify([s.year, Object.entries(s.holidays).sort(), Object.entries(s.makeUpWorkdays).sort(), s.source ?? null])
  return key(a) === key(b)
}

export async function calendarRoutes(app: FastifyInstance, { ctx, options }: StaffPluginOptions): Promise<void> {
  const { db } = ctx
  const cases = caseService({ db, keys: ctx.keys, defaultAgency: options.defaultAgency })

  app.get('/api/staff/calendar', { schema: { tags: ['calendar'], summary: 'The working-day calendar in force: version, covered years, loaded versions' }, preValidation: requireCap('readStatistics') }, async () => {
    const calendar = await currentCalendar(db)
    return { calendarVersion: calendar.version, coveredYears: calendar.coveredYears, loaded: await listYears(db) }
  })

  app.post('/api/staff/calendar/years', {
    preValidation: requireCap('manageCalendar'),
    schema: {
      tags: ['calendar'],
      summary: 'Load a year\'s schedule (JSON or CSV); versioned, audited, recomputes open cases',
      body: {
        type: 'object',
        properties: {
          schedule: { type: 'object' },
          csv: { type: 'string', maxLength: 60000 },
          year: { type: 'integer', minimum: 1991, maximum: 2200 },
          source: { type: 'string', maxLength: 200 },
        },
        additionalProperties: false,
      },
    },
  }, async (req, reply) => {
    const b = req.body as { schedule?: unknown, csv?: string, year?: number, source?: string }
    if ((b.schedule === undefined) === (b.csv === undefined))
      throw new ApiError(400, 'invalid_field', '请提供 JSON 日程或 CSV 之一 (send either schedule or csv)', 'schedule')
    let parsed
    if (b.csv !== undefined) {
      if (b.year === undefined)
        throw new ApiError(400, 'invalid_field', '请填写年份 (year is required with csv)', 'year')
      parsed = parseScheduleCsv(b.csv, b.year, b.source)
    }
    else {
      const schedule = b.schedule as Record<string, unknown>
      parsed = parseYearSchedule(b.source !== undefined ? { ...schedule, source: b.source } : schedule)
    }
    if (!parsed.ok) {
      const first = parsed.errors[0]!
      const field = b.csv !== undefined ? first.field : first.field ? `schedule.${first.field}` : 'schedule'
      throw new ApiError(400, 'invalid_field', `${first.messageZh}：${first.field || 'schedule'} (${first.message})`, field, { errors: parsed.errors.slice(0, 50) })
    }
    const s = parsed.value
    const existing = (await latestSchedules(db)).find(x => x.year === s.year)
    if (existing && sameSchedule(existing, s)) {
      const version = (await listYears(db)).find(r => r.year === s.year)!.version
      reply.status(200)
      return { year: s.year, version, calendarVersion: (await currentCalendar(db)).version, recomputed: 0, warnings: scheduleWarnings(s), unchanged: true }
    }
    const result = await loadYear(db, s, req.staff!.user, req.ip, () => cases.recomputeOpenCases())
    reply.status(201)
    return { ...result, unchanged: false }
  })
}
