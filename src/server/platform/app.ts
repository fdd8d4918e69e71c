/**
 * The app factory: everything the server is, with no socket. Tests call buildApp() and use
 * app.inject() or listen on port 0; main.ts adds the socket, signals and logging.
 */
import type { FastifyInstance, FastifyReply, RouteOptions } from 'fastify'
import type { AppContext } from './context'
import type { ServerKeys } from './keys'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import Fastify from 'fastify'
import { agencyRoutes } from '../agencies/routes'
import { batchStatusRoutes } from '../applications/batch-status'
import { applicationRoutes } from '../applications/routes'
import { caseFileRoutes } from '../case-files/routes'
import { catalogAdminRoutes } from '../catalog/routes'
import { correctionRoutes } from '../corrections/routes'
import { kioskRoutes } from '../kiosks/routes'
import { installNotify } from '../notify/routes'
import { reportRoutes } from '../reports/routes'
import { staffRoutes } from '../staff/routes'
import { SyncPageCache } from '../sync/cache'
import { syncRoutes } from '../sync/routes'
import { ApiError, installErrorHandling } from './errors'
import { healthRoutes } from './health'
import { loadServerKeys } from './keys'
import { installLoadShedding } from './load-shed'
import { DEFAULT_TIMEOUTS, fastifyNetworkOptions, installTimeouts } from './network'
import { installOpenApi, openApiRoute } from './openapi'

export interface BuildAppOptions extends Omit<AppContext, 'keys'> {
  /** The server's keys; loaded (or made ephemeral in tests) by loadServerKeys when absent. */
  keys?: ServerKeys
  logger?: boolean | object
  /** Largest accepted request body in bytes. */
  bodyLimit?: number
  /** Called for every route as it is registered (tests walk them: each must have a schema). */
  onRoute?: (route: RouteOptions) => void
}

/** Files that must never be cached for long, or an update could never reach a device. */
const NO_CACHE = new Set(['/sw.js', '/index.html', '/manifest.webmanifest', '/registerSW.js'])

/**
 * No inline or eval'd script anywhere (the build has none), so injected markup cannot run even if
 * something renders it as HTML; inline styles stay allowed (Vant and ECharts set style attributes).
 */
export const CONTENT_SECURITY_POLICY = [
  `default-src 'self'`,
  `script-src 'self'`,
  `style-src 'self' 'unsafe-inline'`,
  `img-src 'self' data: blob:`,
  `font-src 'self' data:`,
  `connect-src 'self'`,
  `worker-src 'self' blob:`,
  `manifest-src 'self'`,
  `object-src 'none'`,
  `base-uri 'self'`,
  `form-action 'self'`,
  `frame-ancestors 'none'`,
].join('; ')

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'strict-origin-when-cross-origin')
    .header('x-frame-options', 'DENY')
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { logger = false, bodyLimit = 1024 * 1024, onRoute, ...given } = options
  // One set of keys for the whole app: the staff routes must open what the application routes sealed.
  const ctx: AppContext = { ...given, keys: given.keys ?? await loadServerKeys() }
  const app = Fastify({
    logger,
    bodyLimit,
    // Off unless TRUST_PROXY names the proxies: req.ip is what rate limits, lock-out and audit use.
    ...fastifyNetworkOptions(ctx.trustProxy ?? false, { ...DEFAULT_TIMEOUTS, ...ctx.timeouts }),
    // Errors raised before routing (malformed URL, over-long parameter) get the same JSON shape.
    frameworkErrors: (err, _req, reply) => {
      const status = (err as { statusCode?: number }).statusCode ?? 400
      // Sent before routing, so the onSend hook below never sees it: set the headers here too.
      void securityHeaders(reply as FastifyReply).status(status).send(new ApiError(status, 'bad_request', err.message).toJSON())
    },
  })
  if (onRoute)
    app.addHook('onRoute', onRoute)
  installErrorHandling(app)
  await installOpenApi(app, ctx.version)
  installTimeouts(app, { ...DEFAULT_TIMEOUTS, ...ctx.timeouts })
  installLoadShedding(app, ctx.loadShed)

  app.addHook('onSend', async (req, reply) => {
    // A download sets its own, stricter policy (a sandbox, case-files/download.ts): kept.
    const own = reply.getHeader('content-security-policy')
    securityHeaders(reply)
    if (typeof own === 'string' && own.startsWith('sandbox'))
      reply.header('content-security-policy', own)
    if (req.url.startsWith('/api/'))
      reply.header('cache-control', 'no-store')
  })

  // The pull-sync page cache lives as long as the app: warmed once ready, stopped at close.
  const syncCache = new SyncPageCache(ctx.db, ctx.syncCache)
  app.decorate('syncCache', syncCache)
  app.addHook('onReady', async () => syncCache.watch())
  app.addHook('onClose', async () => syncCache.close())
  // Ephemeral keys (tests, no key vault) cannot open a VAPID pair another instance stored: such an
  // app signs pushes with its own throwaway pair instead of reading the database's.
  await installNotify(app, ctx, { ephemeralKeys: !given.keys })
  await app.register(healthRoutes, { ctx, cache: syncCache })
  await app.register(reportRoutes, { ctx })
  await app.register(syncRoutes, { cache: syncCache })
  await app.register(catalogAdminRoutes, { ctx })
  await app.register(agencyRoutes, { ctx })
  await app.register(applicationRoutes, { ctx })
  await app.register(correctionRoutes, { ctx })
  await app.register(batchStatusRoutes, { ctx })
  await app.register(caseFileRoutes, { ctx })
  await app.register(kioskRoutes, { ctx, kiosks: ctx.kiosks })
  await app.register(staffRoutes, { ctx })
  openApiRoute(app)

  if (ctx.distDir && existsSync(join(ctx.distDir, 'index.html')))
    await serveApp(app, ctx.distDir)
  return app
}

async function serveApp(app: FastifyInstance, distDir: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: distDir,
    wildcard: false,
    index: false,
    // The build writes .br/.gz next to each hashed asset (vite.config.ts precompress).
    preCompressed: true,
    setHeaders(res, path) {
      const name = `/${path.slice(distDir.length).replace(/^[\\/]+/, '').replace(/\\/g, '/')}`
      if (NO_CACHE.has(name))
        res.header('cache-control', 'no-cache')
      else if (name.startsWith('/assets/'))
        res.header('cache-control', 'public, max-age=31536000, immutable')
      else
        res.header('cache-control', 'public, max-age=3600')
    },
  })
  // Static files first; any other GET outside /api is an app route: serve the shell.
  app.get('/*', { schema: { tags: ['platform'], summary: 'The PWA shell for any app route', hide: true } }, async (req, reply) => {
    const path = (req.params as { '*': string })['*']
    if (path.startsWith('api/') || path === 'api')
      return reply.callNotFound()
    // Files added after start-up (a deploy into the same directory) have no static route yet.
    if (path && existsSync(join(distDir, path)) && !path.includes('..'))
      return reply.sendFile(path)
    // A hashed asset that is gone (an old page after a deploy) must 404, not get index.html: the
    // client's chunk-error handler then reloads into the new build instead of parsing HTML as JS.
    if (path.startsWith('assets/'))
      return reply.callNotFound()
    reply.header('cache-control', 'no-cache')
    return reply.sendFile('index.html')
  })
}
