import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { sensorStatusOf } from '../relay/sensor-silence.js';
import type { Store } from '../store/open-store.js';
import type { SensorRow } from '../store/relay-repository.js';
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
  new Gauge({
    name: 'vigil_inventory_follow_seconds',
    help: 'How long the last update of the inventory rows of devices that commits wrote took',
    registers: [registry],
    collect() {
      this.set(summaries.lastFollow.ms / 1000);
    },
  });
  new Gauge({
    name: 'vigil_inventory_follow_devices',
    help: 'Devices whose inventory rows the last look at commits brought up to date',
    registers: [registry],
    collect() {
      this.set(summaries.lastFollow.devices);
    },
  });
  new Gauge({
    name: 'vigil_inventory_follow_rebuilt_devices',
    help: 'Of those, devices the commits changed, whose rows were rebuilt (the others were only seen again)',
    registers: [registry],
    collect() {
      this.set(summaries.lastFollow.rebuilt);
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
  const sensorGauge = (
    name: string,
    help: string,
    value: (sensor: SensorRow, nowMs: number) => number | undefined,
  ) =>
    new Gauge({
      name,
      help,
      labelNames: ['site', 'sensor'],
      registers: [registry],
      async collect() {
        this.reset();
        const now = Date.now();
        for (const sensor of await store.relay.sensors()) {
          const measured = value(sensor, now);
          if (measured !== undefined) this.set({ site: sensor.site, sensor: sensor.name }, measured);
        }
      },
    });
  sensorGauge(
    'vigil_sensor_seconds_since_heard',
    'Seconds since the collector last heard each sensor',
    (sensor, now) => Math.max(0, (now - Date.parse(sensor.lastHeard)) / 1000),
  );
  sensorGauge('vigil_sensor_silent', '1 when a sensor has not been heard for two minutes', (sensor, now) =>
    sensorStatusOf(sensor, now) === 'silent' ? 1 : 0,
  );
  sensorGauge(
    'vigil_sensor_packets_per_second',
    'Packets per second a sensor read, at its last heartbeat',
    (sensor) => sensor.health?.packetsPerSecond,
  );
  sensorGauge(
    'vigil_sensor_packets',
    'Packets a sensor has read in its current run',
    (sensor) => sensor.health?.packets,
  );
  sensorGauge(
    'vigil_sensor_kernel_drops',
    'Packets the kernel dropped before tcpdump read them, in the current run',
    (sensor) => sensor.health?.droppedByKernel,
  );
  sensorGauge('vigil_sensor_lag_seconds', 'How far behind the newest packet a sensor committed', (sensor) =>
    sensor.health?.lagMs === null || sensor.health === null ? undefined : sensor.health.lagMs / 1000,
  );
  sensorGauge(
    'vigil_sensor_spool_bytes',
    'Bytes waiting in a sensor spool for NATS',
    (sensor) => sensor.health?.outboxBytes,
  );
  sensorGauge(
    'vigil_sensor_spool_dropped_items',
    'Flows, device changes and detections a full spool dropped',
    (sensor) => {
      const dropped = sensor.health?.outboxDropped;
      return dropped === undefined ? undefined : dropped.flows + dropped.devices + dropped.detections;
    },
  );
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
