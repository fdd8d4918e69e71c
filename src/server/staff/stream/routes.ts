/**
 * GET /api/staff/stream: Server-Sent Events for live queues. Each app instance LISTENs once on the
 * 'applications' channel (the application routes and case actions NOTIFY it inside their
 * transactions, so a message means committed) and fans it out to its own connected staff. With
 * PostgreSQL every instance behind a load balancer gets every NOTIFY, so all queues stay in step.
 * The heartbeat re-checks the session, so signing out everywhere also ends open streams.
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { StaffStreamMessage } from '../../../shared/review/api'
import type { StaffPluginOptions } from '../routes'
import { currentCalendar } from '../../calendar/service'
import { loadSession, requireCap } from '../auth'

const HEARTBEAT_MS = 20_000

export async function staffStreamRoutes(app: FastifyInstance, { ctx, options }: StaffPluginOptions): Promise<void> {
  const clients = new Set<FastifyReply>()
  const send = (reply: FastifyReply, msg: StaffStreamMessage) => reply.raw.write(`data: ${JSON.stringify(msg)}\n\n`)
  const unlisten = await ctx.db.listen('applications', (id) => {
    for (const c of clients)
      send(c, { type: 'application', id })
  })
  app.addHook('onClose', async () => {
    for (const c of clients)
      c.raw.end()
    clients.clear()
    await unlisten()
  })
  app.get('/api/staff/stream', { preValidation: requireCap('readCases') }, async (req, reply) => {
    // The calendar in force now (an operator may load a year while the server runs).
    const calendarVersion = (await currentCalendar(ctx.db)).version
    reply.hijack()
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'connection': 'keep-alive',
      'x-accel-buffering': 'no',
    })
    reply.raw.write('retry: 3000\n\n')
    send(reply, { type: 'hello', calendarVersion })
    clients.add(reply)
    const timer = setInterval(async () => {
      const still = await loadSession(ctx.db, req, options.idleMs).catch(() => null)
      if (!still)
        reply.raw.end()
      else
        reply.raw.write(': ping\n\n')
    }, HEARTBEAT_MS)
    const done = () => {
      clearInterval(timer)
      clients.delete(reply)
    }
    reply.raw.on('close', done)
    req.raw.on('close', done)
  })
}
