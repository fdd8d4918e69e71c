/**
 * Every route's schema published as OpenAPI 3 at GET /api/openapi.json, so that agencies' own
 * systems can integrate without reading our code. @fastify/swagger collects the routes as they are
 * registered, so it must be installed before any of them. Every route declares a schema with at
 * least `tags` and `summary` (tests/server/openapi.test.ts fails otherwise); request bodies and
 * queries that a handler checks by hand (for its field-level messages) are described there without
 * constraints, so the documentation never changes what is accepted.
 */
import type { FastifyInstance } from 'fastify'
import fastifySwagger from '@fastify/swagger'

export const OPENAPI_PATH = '/api/openapi.json'

export async function installOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Gongkai 公开 API',
        description: '政府信息公开: annual reports, the disclosure catalog, applications and their tracking, pull sync, and the staff side. Errors are `{ "error": { "code", "message", "field"? } }`. Staff routes need the session cookie and, when they change anything, the `x-csrf-token` header.',
        version,
      },
      tags: [
        { name: 'applications', description: 'Applications from devices, and tracking them' },
        { name: 'reports', description: 'Annual reports (年度报告)' },
        { name: 'catalog', description: 'The disclosure catalog (政府信息公开目录), administration' },
        { name: 'sync', description: 'Pull sync for devices' },
        { name: 'staff', description: 'Staff sign-in, accounts, settings, audit log' },
        { name: 'cases', description: 'The queue and case work' },
        { name: 'statistics', description: 'The year\'s statistics tables' },
        { name: 'appeals', description: '行政复议 / 行政诉讼 records' },
        { name: 'notify', description: 'Messages to applicants (Web Push, e-mail, SMS) and their delivery' },
        { name: 'kiosks', description: 'Kiosk enrolment, check-ins and administration' },
        { name: 'platform', description: 'Health and this document' },
      ],
    },
  })
}

/** Registers GET /api/openapi.json; call after every other route, once the app is ready it lists them all. */
export function openApiRoute(app: FastifyInstance): void {
  app.get(OPENAPI_PATH, { schema: { tags: ['platform'], summary: 'This document: every route\'s schema as OpenAPI 3' } }, async (_req, reply) => {
    reply.header('cache-control', 'no-cache')
    return app.swagger()
  })
}
