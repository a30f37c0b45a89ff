import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Store } from '../store/open-store.js';
import type { EventHub } from './events/event-hub.js';
import type { SummaryRefresher } from './summaries/summary-refresher.js';

/**
 * Prometheus metrics: request latency by route pattern (never by raw URL, which would carry
 * device ids), sign-in outcomes, devices, the inventory table's build time, open event streams,
 * and the process's own.
 */
export function serverMetrics(
  app: FastifyInstance,
  store: Store,
  events: EventHub,
  summaries: SummaryRefresher,
): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'vigil_' });
  const duration = new Histogram({
    name: 'vigil_http_request_duration_seconds',
    help: 'API request latency by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const signIns = new Counter({
    name: 'vigil_sign_in_attempts_total',
    help: 'Sign-in steps by outcome status (200 accepted, 401 refused, 423 locked, 429 throttled)',
    labelNames: ['step', 'status'],
    registers: [registry],
  });
  new Gauge({
    name: 'vigil_devices',
    help: 'Devices in the inventory table',
    registers: [registry],
    async collect() {
      this.set((await store.summaries.totals(new Date(0).toISOString())).devices);
    },
  });
  new Gauge({
    name: 'vigil_inventory_build_seconds',
    help: 'How long the last full build of the inventory table took (risk of every device)',
    registers: [registry],
    collect() {
      this.set(summaries.lastBuildMs / 1000);
    },
  });
  const alertTally = async () => store.alerts.tally();
  new Gauge({
    name: 'vigil_alerts',
    help: 'Alerts stored, by detector, severity and status',
    labelNames: ['detector', 'severity', 'status'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await alertTally())
        this.set({ detector: row.type, severity: row.severity, status: row.status }, row.alerts);
    },
  });
  new Gauge({
    name: 'vigil_alert_detections',
    help: 'Detections merged into the stored alerts (each alert counts its repeats), by detector',
    labelNames: ['detector'],
    registers: [registry],
    async collect() {
      this.reset();
      const byType = new Map<string, number>();
      for (const row of await alertTally())
        byType.set(row.type, (byType.get(row.type) ?? 0) + row.detections);
      for (const [detector, detections] of byType) this.set({ detector }, detections);
    },
  });
  new Gauge({
    name: 'vigil_event_streams',
    help: 'Open server-sent event streams',
    registers: [registry],
    collect() {
      this.set(events.subscribers);
    },
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    if (route.startsWith('/api/v1/auth/') && request.method === 'POST' && !route.endsWith('/logout'))
      signIns.inc({ step: route.slice('/api/v1/auth/'.length), status: String(reply.statusCode) });
  });
  return registry;
}
