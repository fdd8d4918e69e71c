/**
 * GET /api/staff/stream: Server-Sent Events for live queues. Each app instance LISTENs once on the
 * 'applications' channel (the application routes and case actions NOTIFY it inside their
 * transactions, so a message means committed) and fans it out to its own connected staff. With
 * PostgreSQL every instance behind a load balancer gets every NOTIFY, so all queues stay in step.
 * The heartbeat re-checks the session, so signing out everywhere also ends open streams.
 * A message goes only to the staff whose agencies include the application's (docs/staff.md): the
 * instance reads the application's agency once per message, and only when a connected account is
 * limited to agencies.
 * An open stream follows its account: changing its agencies or ending its sessions NOTIFYs
 * 'staff_account' with the account's id (staff/store.ts), and every instance re-checks that
 * account's streams (session still live? which agencies now?), so a reviewer moved to another
 * agency stops getting the old one's messages, and a disabled or signed-out account its stream, at
 * once rather than at the next heartbeat or reconnect.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { StaffStreamMessage } from '../../../shared/review/api'
import type { StaffPluginOptions } from '../routes'
import type { StaffScope } from '../scope/service'
import { currentCalendar } from '../../calendar/service'
import { loadSession, requireCap } from '../auth'
import { inScope, loadScope } from '../scope/service'
import { applicationAgency } from '../scope/store'
import { ACCOUNT_CHANNEL } from '../store'

const HEARTBEAT_MS = 20_000

export async function staffStreamRoutes(app: FastifyInstance, { ctx, options }: StaffPluginOptions): Promise<void> {
  const clients = new Map<FastifyReply, { req: FastifyRequest, userId: string, scope: StaffScope }>()
  const send = (reply: FastifyReply, msg: StaffStreamMessage) => reply.raw.write(`data: ${JSON.stringify(msg)}\n\n`)
  async function deliver(id: string): Promise<void> {
    const scoped = [...clients.values()].some(c => c.scope.agencies)
    // A bad payload or a failed read must not stop the listener: unscoped clients still get it.
    const agency = scoped ? await applicationAgency(ctx.db, id).catch(() => null) : null
    for (const [c, { scope }] of clients) {
      if (!scope.agencies || (agency?.exists && inScope(scope, agency.agencyId)))
        send(c, { type: 'application', id })
    }
  }
  async function recheck(userId: string): Promise<void> {
    for (const [reply, c] of clients) {
      if (c.userId !== userId)
        continue
      // Each stream has its own session. Unable to tell (a failed read): end the stream too; the
      // browser reconnects and its new request is checked from scratch.
      const session = await loadSession(ctx.db, c.req, options.idleMs).catch(() => null)
      const scope = session && await loadScope(ctx.db, session.user, options.defaultAgency).catch(() => null)
      if (scope)
        c.scope = scope
      else
        reply.raw.end()
    }
  }
  const unlisten = await ctx.db.listen('applications', (id) => {
    void deliver(id)
  })
  const unlistenAccount = await ctx.db.listen(ACCOUNT_CHANNEL, (userId) => {
    void recheck(userId)
  })
  app.addHook('onClose', async () => {
    for (const c of clients.keys())
      c.raw.end()
    clients.clear()
    await unlisten()
    await unlistenAccount()
  })
  app.get('/api/staff/stream', { schema: { tags: ['cases'], summary: 'Server-Sent Events: a message per changed application' }, preValidation: requireCap('readCases') }, async (req, reply) => {
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
    clients.set(reply, { req, userId: req.staff!.user.id, scope: req.staffScope! })
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
