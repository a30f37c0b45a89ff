import type { Registry } from 'prom-client';
import { roleGrantsPermission } from '../access/permissions.js';
import type { StreamOwner } from '../events/event-streams.js';
import { HttpError } from '../routing/http-error.js';
import type { OpenApiDocument } from '../routing/openapi.js';
import { authenticate } from '../routing/principal.js';
import type { ServerContext } from '../server-context.js';

/** Health for load balancers, Prometheus metrics, the OpenAPI document and live events. */
export function registerSystemRoutes(
  context: ServerContext,
  metrics: Registry,
  securityHeaders: Record<string, string>,
  openApi: () => OpenApiDocument,
): void {
  const { routes, store, events, streams } = context;

  routes.add(
    {
      method: 'GET',
      url: '/healthz',
      access: 'public',
      tag: 'system',
      summary: 'Whether the server and its store answer',
    },
    async ({ reply }) => {
      try {
        await store.summaries.builtFrom();
        return { status: 'ok' };
      } catch {
        reply.code(503);
        return { status: 'store unavailable' };
      }
    },
  );

  routes.add(
    {
      method: 'GET',
      url: '/metrics',
      access: 'system:read',
      tag: 'system',
      summary: 'Prometheus metrics: requests by route and status with latency, devices, sign-ins',
      produces: 'text/plain',
    },
    async ({ reply }) => {
      reply.header('content-type', metrics.contentType);
      return metrics.metrics();
    },
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/openapi.json',
      access: 'public',
      tag: 'system',
      summary: 'This API described as OpenAPI 3.1, generated from the route declarations',
    },
    async () => openApi(),
  );

  routes.add(
    {
      method: 'GET',
      url: '/api/v1/events',
      access: 'inventory:read',
      tag: 'system',
      summary:
        'Server-sent events: inventory and device changes, as they happen, while the session or token that opened the stream holds (at most 4 streams each)',
      produces: 'text/event-stream',
    },
    async ({ request, reply, principal }) => {
      const owner: StreamOwner =
        principal?.kind === 'token'
          ? { sessionIdHash: null, tokenId: principal.tokenId, userId: null }
          : principal?.kind === 'session'
            ? { sessionIdHash: principal.session.idHash, tokenId: null, userId: principal.user.id }
            : { sessionIdHash: null, tokenId: null, userId: null };
      if (!streams.hasRoomFor(owner))
        throw new HttpError(429, `at most ${streams.maxPerCaller} event streams per session or token`);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        ...securityHeaders,
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      raw.write(': connected\n\n');
      let isOpen = true;
      const close = () => {
        if (!isOpen) return;
        isOpen = false;
        clearInterval(check);
        stop();
        forget();
        raw.end();
      };
      /**
       * The stream goes on only while what opened it holds: the session (not touched: a stream is
       * no activity) or the token, with the permission. Checked at each check interval and before
       * each event is delivered.
       */
      const stillAllowed = async (): Promise<boolean> => {
        const again = await authenticate(request, store, context.sessions, context.now());
        return (
          again.state === 'authenticated' &&
          roleGrantsPermission(again.principal.role, 'inventory:read') &&
          (again.principal.kind !== 'session' || again.principal.stage === 'signed-in')
        );
      };
      const stop = events.subscribe((event) => {
        void stillAllowed().then((allowed) => {
          if (!isOpen) return;
          if (allowed) raw.write(`data: ${JSON.stringify(event)}\n\n`);
          else close();
        });
      });
      const forget = streams.add(owner, raw, close);
      // A comment line at each check also keeps proxies from closing a quiet stream.
      const check = setInterval(() => {
        void stillAllowed().then((allowed) => {
          if (!isOpen) return;
          if (allowed) raw.write(': keep-alive\n\n');
          else close();
        });
      }, context.config.eventStreamCheckMs);
      request.raw.on('close', close);
      return undefined;
    },
  );
}
