import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverHarness } from './support/server-harness.js';
import { temporarySqliteStore } from './support/temporary-store.js';

type Harness = Awaited<ReturnType<typeof serverHarness>>;

const health = (packetsPerSecond: number) => ({
  packets: 1_000,
  packetsPerSecond,
  droppedByKernel: 3,
  lagMs: 1_200,
  outboxMessages: 2,
  outboxBytes: 4_096,
  outboxDropped: {
    flowsMessages: 1,
    flows: 40,
    devicesMessages: 0,
    devices: 0,
    detectionsMessages: 0,
    detections: 0,
  },
  lastCommitAt: new Date().toISOString(),
});

/** The sensors `vigil collect` heard, over the API and in the Prometheus metrics. */
describe('sensors over the API', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await serverHarness(await temporarySqliteStore());
    await harness.store.relay.heard('north', 'span1', health(850));
    await harness.store.relay.heard('south', 'span1', health(120));
    // Heard three minutes ago and not since: silent.
    await harness.store.db
      .updateTable('sensors')
      .set({ last_heard: new Date(Date.now() - 180_000).toISOString() })
      .where('id', '=', 'south/span1')
      .execute();
  });
  afterAll(async () => {
    harness.server.stop();
    await harness.server.app.close();
    await harness.store.close();
  });
  const as = (role: string) => ({
    headers: { authorization: `Bearer ${harness.tokens.get(role as never)}` },
  });

  it('lists each sensor with its last heartbeat, silent when unheard for two minutes', async () => {
    const answer = await harness.request('GET', '/api/v1/sensors', as('security-analyst'));
    expect(answer.statusCode).toBe(200);
    const body = answer.json() as {
      silentAfterSeconds: number;
      sensors: { id: string; status: string; health: { packetsPerSecond: number } }[];
    };
    expect(body.silentAfterSeconds).toBe(120);
    expect(body.sensors.map((sensor) => [sensor.id, sensor.status, sensor.health.packetsPerSecond])).toEqual([
      ['north/span1', 'ok', 850],
      ['south/span1', 'silent', 120],
    ]);
  });

  it('is for the roles that read the system, and none without credentials', async () => {
    expect((await harness.request('GET', '/api/v1/sensors', as('viewer'))).statusCode).toBe(403);
    expect((await harness.request('GET', '/api/v1/sensors', as('clinical-engineer'))).statusCode).toBe(403);
    expect((await harness.request('GET', '/api/v1/sensors', as('auditor'))).statusCode).toBe(200);
    expect((await harness.request('GET', '/api/v1/sensors', {})).statusCode).toBe(401);
  });

  it('exports each sensor to Prometheus, the silent one flagged', async () => {
    const metrics = await harness.request('GET', '/metrics', as('administrator'));
    expect(metrics.statusCode).toBe(200);
    const text = metrics.body;
    expect(text).toContain('vigil_sensor_silent{site="south",sensor="span1"} 1');
    expect(text).toContain('vigil_sensor_silent{site="north",sensor="span1"} 0');
    expect(text).toContain('vigil_sensor_packets_per_second{site="north",sensor="span1"} 850');
    expect(text).toContain('vigil_sensor_spool_dropped_items{site="north",sensor="span1"} 40');
  });
});
