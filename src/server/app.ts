import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { type ServerConfig, serverConfig } from '../config/defaults.js';
import type { Zone } from '../config/zones.js';
import { VendorNames } from '../intel/matching/names.js';
import type { RiskModel } from '../risk/risk-model.js';
import type { Store } from '../store/open-store.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { Sessions } from './auth/sessions.js';
import { SignIn } from './auth/sign-in.js';
import { EventHub } from './events/event-hub.js';
import { EventStreams } from './events/event-streams.js';
import { serverMetrics } from './metrics.js';
import { registerAlertRoutes } from './routes/alert-routes.js';
import { registerAuditRoutes } from './routes/audit-routes.js';
import { registerAuthRoutes } from './routes/auth-routes.js';
import { registerCaseEvidenceRoutes } from './routes/case-evidence-routes.js';
import { registerCaseIsolationRoutes } from './routes/case-isolation-routes.js';
import { registerCaseRoutes } from './routes/case-routes.js';
import { registerDeviceRoutes } from './routes/device-routes.js';
import { registerGovernancePlanRoutes } from './routes/governance-plan-routes.js';
import { registerGovernanceRoutes } from './routes/governance-routes.js';
import { registerNacRoutes } from './routes/nac-routes.js';
import { registerNetworkRoutes } from './routes/network-routes.js';
import { registerOverviewRoutes } from './routes/overview-routes.js';
import { registerPolicyRoutes } from './routes/policy-routes.js';
import { registerSensorRoutes } from './routes/sensor-routes.js';
import { registerSystemRoutes } from './routes/system-routes.js';
import { registerUserRoutes } from './routes/user-routes.js';
import { registerWorkQueueRoutes } from './routes/work-queue-routes.js';
import { allowedHostSet, hostName } from './routing/allowed-hosts.js';
import { RouteTable } from './routing/define-route.js';
import { HttpError } from './routing/http-error.js';
import { openApiDocument } from './routing/openapi.js';
import type { ServerContext } from './server-context.js';
import { SummaryRefresher } from './summaries/summary-refresher.js';
import { registerWebAssets } from './web-assets.js';

export interface ServerOptions {
  store: Store;
  riskModel: RiskModel;
  zones?: readonly Zone[];
  config?: Partial<ServerConfig>;
  /** The clock; tests move it. */
  now?: () => number;
  /** Where the built console is (default `web/dist`). */
  webRoot?: string;
  /** Fastify's request log (off in tests). */
  logger?: boolean;
  https?: { key: Buffer; cert: Buffer };
  /** The address it listens on and the names it is reached by: the Host headers it accepts. */
  listenHost?: string;
  publicHosts?: readonly string[];
}

export interface VigilServer {
  app: FastifyInstance;
  /** Every route Fastify holds (method and URL), to check against the declared ones. */
  registeredRoutes: { method: string; url: string }[];
  context: ServerContext;
  /** Stops the background refresh; the caller closes the app and the store. */
  stop(): void;
}

/**
 * The Fastify app of `vigil serve`: the API under `/api/v1`, health, metrics, events and the
 * console. Every route is declared through the route table, which authenticates, authorises,
 * checks CSRF and validates before the handler runs.
 *
 * @example
 * const { app } = await buildServer({ store, riskModel: loadRiskModel() });
 * await app.listen({ port: 8443, host: '127.0.0.1' });
 */
/**
 * The headers every answer carries, the event stream's too (it writes its own head): no sniffing,
 * no framing, no referrer, a strict content policy, and HSTS under TLS, so a browser that once
 * reached Vigil over HTTPS never falls back to plain HTTP.
 */
export function securityHeaders(isHttps: boolean): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'content-security-policy':
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    ...(isHttps ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

export async function buildServer(options: ServerOptions): Promise<VigilServer> {
  const config = serverConfig(options.config);
  const now = options.now ?? Date.now;
  const app = Fastify({
    logger: options.logger
      ? {
          level: 'info',
          redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'],
        }
      : false,
    trustProxy: false,
    bodyLimit: 256 * 1024,
    ...(options.https ? { https: options.https } : {}),
  }) as unknown as FastifyInstance;
  const registeredRoutes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) registeredRoutes.push({ method, url: route.url });
  });
  await app.register(fastifyCookie);
  const events = new EventHub();
  const sessions = new Sessions(options.store, config);
  const routes = new RouteTable(app, { store: options.store, sessions, now });
  const context: ServerContext = {
    store: options.store,
    config,
    routes,
    sessions,
    signIn: new SignIn(options.store, config),
    throttle: new LoginThrottle(config.loginAttemptsPerAddress, config.loginAttemptWindowMs),
    events,
    streams: new EventStreams(config.eventStreamsPerCaller),
    summaries: new SummaryRefresher(options.store, options.riskModel, options.zones ?? [], events, config),
    riskModel: options.riskModel,
    vendors: VendorNames.load(),
    zones: options.zones ?? [],
    now,
  };

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HttpError) {
      return reply
        .code(error.statusCode)
        .send({ error: error.message, ...(error.field ? { field: error.field } : {}) });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500)
      return reply.code(status).send({ error: (error as Error).message });
    request.log.error(error);
    return reply.code(500).send({ error: 'internal error; the server log has the details' });
  });
  const allowedHosts = allowedHostSet(options.listenHost, options.publicHosts);
  app.addHook('onRequest', async (request, reply) => {
    const host = hostName(request.headers.host);
    if (host === null || !allowedHosts.has(host))
      return reply.code(421).send({
        error: `this server is not reached as ${host ?? 'no host'}: start it with --public-host ${host ?? 'NAME'} if that is its name`,
      });
  });
  const headers = securityHeaders(options.https !== undefined);
  app.addHook('onSend', async (request, reply) => {
    for (const [name, value] of Object.entries(headers)) reply.header(name, value);
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });

  const metrics = serverMetrics(app, options.store, events, context.summaries);
  registerAuthRoutes(context);
  registerOverviewRoutes(context);
  registerDeviceRoutes(context);
  registerNetworkRoutes(context);
  registerSensorRoutes(context);
  registerAuditRoutes(context);
  registerUserRoutes(context);
  registerWorkQueueRoutes(context);
  registerAlertRoutes(context);
  registerNacRoutes(context);
  registerPolicyRoutes(context);
  registerCaseRoutes(context);
  registerCaseIsolationRoutes(context);
  registerCaseEvidenceRoutes(context);
  registerGovernanceRoutes(context);
  registerGovernancePlanRoutes(context);
  let openApi: ReturnType<typeof openApiDocument> | undefined;
  registerSystemRoutes(context, metrics, headers, () => {
    openApi ??= openApiDocument(routes.specs, '0.1.0');
    return openApi;
  });
  await registerWebAssets(app, routes, options.webRoot);

  await app.ready();
  // A route added around the route table would skip its checks: refuse to start with one.
  for (const route of registeredRoutes) {
    const method = route.method === 'HEAD' ? 'GET' : route.method;
    if (!routes.specs.some((spec) => spec.method === method && spec.url === route.url))
      throw new Error(`route ${route.method} ${route.url} was not declared through the route table`);
  }
  await context.summaries.ensureFresh();
  const timer = setInterval(() => {
    void context.summaries.ensureFresh().catch((error: Error) => app.log.error(error));
    void sessions.sweep(now()).catch((error: Error) => app.log.error(error));
  }, config.summaryPollIntervalMs);
  timer.unref();
  const follower = setInterval(() => {
    void context.summaries.followCommits().catch((error: Error) => app.log.error(error));
  }, config.commitFollowIntervalMs);
  follower.unref();
  return {
    app,
    registeredRoutes,
    context,
    stop: () => {
      clearInterval(timer);
      clearInterval(follower);
    },
  };
}
