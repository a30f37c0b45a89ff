import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectRelay, ensureStream, jetstreamOf } from '../src/relay/jetstream-connection.js';
import { simulateHospital } from '../src/sim/simulate.js';
import type { Store } from '../src/store/open-store.js';
import {
  appliedMessages,
  collectArgs,
  expectSameContents,
  freePort,
  headerOnly,
  natsUrl,
  ready,
  relayHospital,
  type SensorReport,
  type StoreContents,
  sensorArgs,
  sleep,
  spooledMessages,
  startNatsServer,
  startVigil,
  stopCollectorOnceApplied,
  streamName,
  vigil,
  waitForPort,
} from './support/relay-harness.js';
import { committedPackets, storeContents } from './support/store-contents.js';
import { temporaryDirectory, temporaryPostgresStore } from './support/temporary-store.js';

/**
 * Distributed mode end to end with the real services: `vigil sensor --nats` on one side, the
 * machine's NATS JetStream in the middle (and a second nats-server this file starts where it must
 * be stopped), `vigil collect` into a real PostgreSQL on the other. Whatever happens on the way —
 * NATS away for 30 s, a sensor or a collector killed with SIGKILL, a full spool — the central
 * store ends as one plain `vigil ingest` of the same packets leaves a store, or short by exactly
 * what the sensor's counters say it dropped.
 */

describe.skipIf(!ready)('distributed mode: sensors → NATS JetStream → collector → PostgreSQL', () => {
  let directory: string;
  let capture: string;
  let expected: StoreContents;
  /** As `expected`, for the same packets read from a pipe: evidence names the capture `-`. */
  let expectedFromPipe: StoreContents;

  beforeAll(async () => {
    directory = temporaryDirectory('vigil-relay-');
    ({ capture, expected, expectedFromPipe } = (await relayHospital(directory, {
      fromPipe: true,
    })) as Required<Awaited<ReturnType<typeof relayHospital>>>);
  }, 120_000);

  const expectSameAsIngest = (store: Store, what: string, reference = expected) =>
    expectSameContents(store, reference, what);

  it('stores what a sensor relays as a plain ingest stores it, and hears its heartbeat', async () => {
    const central = await temporaryPostgresStore();
    try {
      const stream = streamName('plain');
      const sensed = await vigil(
        sensorArgs({
          read: capture,
          nats: natsUrl,
          stream,
          site: 'north',
          name: 'span1',
          spool: join(directory, 'plain'),
        }),
      );
      const report = JSON.parse(sensed.stdout) as SensorReport;
      expect(report.relay.outboxLeft).toBe(0);
      expect(report.relay.published).toBeGreaterThan(0);
      const collected = await vigil(
        collectArgs(natsUrl, stream, central.store.location, ['--until-caught-up']),
      );
      const counters = JSON.parse(collected.stdout) as {
        applied: number;
        malformed: number;
        heartbeats: number;
      };
      expect(counters.applied).toBe(report.relay.published);
      expect(counters.malformed).toBe(0);
      expect(counters.heartbeats).toBeGreaterThan(0);
      await expectSameAsIngest(central.store, 'relayed once');

      const [sensor] = await central.store.relay.sensors();
      expect(sensor?.id).toBe('north/span1');
      expect(sensor?.health?.packets).toBe(report.packets);

      // A second collector run finds nothing left; a new consumer replaying everything doubles nothing.
      const again = JSON.parse(
        (await vigil(collectArgs(natsUrl, stream, central.store.location, ['--until-caught-up']))).stdout,
      ) as { applied: number };
      expect(again.applied).toBe(0);
      const replay = JSON.parse(
        (
          await vigil(
            collectArgs(natsUrl, stream, central.store.location, [
              '--until-caught-up',
              '--durable',
              'replay',
            ]),
          )
        ).stdout,
      ) as { applied: number; duplicates: number };
      expect(replay).toMatchObject({ applied: 0, duplicates: report.relay.published });
      await expectSameAsIngest(central.store, 'replayed to a second consumer');
    } finally {
      await central.drop();
    }
  }, 120_000);

  it('loses nothing while NATS is stopped for 30 s mid-stream, the collector running throughout', async () => {
    const central = await temporaryPostgresStore();
    const port = await freePort();
    const natsDirectory = temporaryDirectory('vigil-nats-');
    const url = `nats://127.0.0.1:${port}`;
    let nats = startNatsServer(port, natsDirectory);
    try {
      await waitForPort(port);
      const stream = streamName('outage');
      const spool = join(directory, 'outage');
      const collector = startVigil(collectArgs(url, stream, central.store.location, ['--ack-wait', '2']));
      // The sensor reads the capture from a pipe, as from a packet broker: half now, half during the outage.
      const sensor = startVigil(
        sensorArgs({
          read: '-',
          nats: url,
          stream,
          site: 'north',
          name: 'span1',
          spool,
          extra: ['--drain-timeout', '120'],
        }),
      );
      const bytes = readFileSync(capture);
      const half = Math.floor(bytes.length / 2);
      sensor.child.stdin?.write(bytes.subarray(0, half));
      for (let waited = 0; (await appliedMessages(central.store)) === 0 && waited < 60_000; waited += 100)
        await sleep(100);
      const beforeOutage = await appliedMessages(central.store);
      expect(beforeOutage, 'messages stored before NATS stops').toBeGreaterThan(0);

      nats.kill('SIGTERM');
      await once(nats, 'exit');
      const stoppedAt = Date.now();
      // What was in flight when NATS stopped settles; then the count must stand still.
      await sleep(3_000);
      const duringOutage = await appliedMessages(central.store);
      sensor.child.stdin?.end(bytes.subarray(half));
      // The sensor commits the second half into its spool while NATS is away.
      for (let waited = 0; spooledMessages(spool) === 0 && waited < 20_000; waited += 100) await sleep(100);
      expect(spooledMessages(spool), 'messages spooled while NATS is stopped').toBeGreaterThan(0);
      await sleep(Math.max(0, 30_000 - (Date.now() - stoppedAt)));
      expect(await appliedMessages(central.store), 'nothing arrives while NATS is stopped').toBe(
        duringOutage,
      );

      nats = startNatsServer(port, natsDirectory);
      await waitForPort(port);
      const sensed = await sensor.finished;
      expect(sensed.code, sensed.stderr).toBe(0);
      const report = JSON.parse(sensed.stdout) as SensorReport;
      expect(report.relay.outboxLeft).toBe(0);
      expect(sensed.stderr).toContain('NATS connection lost');

      // The collector that lived through the outage stores the rest; then it is stopped.
      await stopCollectorOnceApplied(collector, central.store, report.relay.published);
      expect(await appliedMessages(central.store)).toBe(report.relay.published);
      await expectSameAsIngest(central.store, 'after a 30 s NATS outage', expectedFromPipe);
    } finally {
      nats.kill('SIGKILL');
      await central.drop();
    }
  }, 240_000);

  it('ends as one clean ingest when the collector is killed with SIGKILL at random points', async () => {
    const central = await temporaryPostgresStore();
    try {
      const stream = streamName('collectorkill');
      const sensed = await vigil(
        sensorArgs({
          read: capture,
          nats: natsUrl,
          stream,
          site: 'north',
          name: 'span1',
          spool: join(directory, 'collector-kill'),
          extra: ['--commit-interval', '0.01'],
        }),
      );
      const { published } = (JSON.parse(sensed.stdout) as SensorReport).relay;
      expect(published, 'enough messages to kill the collector between them').toBeGreaterThan(6);
      const kills: string[] = [];
      for (let round = 0; round < 3; round += 1) {
        const before = await appliedMessages(central.store);
        if (before >= published) break;
        const target = before + 1 + Math.floor(Math.random() * Math.max(1, (published - before) / 2));
        const collector = startVigil(
          collectArgs(natsUrl, stream, central.store.location, ['--ack-wait', '1']),
        );
        for (let waited = 0; (await appliedMessages(central.store)) < target && waited < 60_000; waited += 5)
          await sleep(5);
        await sleep(Math.floor(Math.random() * 30));
        collector.child.kill('SIGKILL');
        const { signal } = await collector.finished;
        kills.push(
          `round ${round + 1}: ${signal} after ${await appliedMessages(central.store)} of ${published}`,
        );
      }
      console.log(`relay collector kills: ${kills.join('; ')}`);
      expect(kills.length).toBeGreaterThan(0);
      const collected = await vigil(
        collectArgs(natsUrl, stream, central.store.location, ['--ack-wait', '1', '--until-caught-up']),
      );
      const counters = JSON.parse(collected.stdout) as { applied: number; malformed: number };
      expect(counters.malformed).toBe(0);
      expect(await appliedMessages(central.store)).toBe(published);
      await expectSameAsIngest(central.store, `after ${kills.join('; ')}`);
    } finally {
      await central.drop();
    }
  }, 240_000);

  it('ends as one clean ingest when the messages of each kind arrive newest first', async () => {
    // Redeliveries after a kill or a lost acknowledgement reach the collector after newer
    // messages: what it stores must not depend on the order. Each kind is sent newest first
    // (devices, then flows, then detections, so that alerts find the devices they name).
    const central = await temporaryPostgresStore();
    const connection = await connectRelay(natsUrl, 'vigil-test-reorder');
    try {
      const source = streamName('inorder');
      const sensed = await vigil(
        sensorArgs({
          read: capture,
          nats: natsUrl,
          stream: source,
          site: 'north',
          name: 'span1',
          spool: join(directory, 'reorder'),
          extra: ['--commit-interval', '0.01'],
        }),
      );
      const { published } = (JSON.parse(sensed.stdout) as SensorReport).relay;
      const manager = await ensureStream(connection, source);
      const { state } = await manager.streams.info(source);
      const rank = { devices: 0, flows: 1, detections: 2 } as Record<string, number | undefined>;
      const messages: { subject: string; data: Uint8Array; rank: number; seq: number }[] = [];
      for (let seq = state.first_seq; seq <= state.last_seq; seq += 1) {
        const message = await manager.streams.getMessage(source, { seq });
        if (message === null) continue;
        const kind = message.subject.slice(message.subject.lastIndexOf('.') + 1);
        messages.push({ subject: message.subject, data: message.data, rank: rank[kind] ?? 3, seq });
      }
      messages.sort((a, b) => a.rank - b.rank || b.seq - a.seq);
      const reordered = streamName('reordered');
      await ensureStream(connection, reordered);
      const publisher = jetstreamOf(connection);
      for (const message of messages)
        await publisher.publish(`${reordered}${message.subject.slice(source.length)}`, message.data);
      const collected = JSON.parse(
        (await vigil(collectArgs(natsUrl, reordered, central.store.location, ['--until-caught-up']))).stdout,
      ) as { applied: number; malformed: number };
      expect(collected).toMatchObject({ applied: published, malformed: 0 });
      await expectSameAsIngest(central.store, `with ${published} messages newest first`);
    } finally {
      await connection.close();
      await central.drop();
    }
  }, 120_000);

  it('ends as one clean ingest when the sensor is killed with SIGKILL at random points and run again', async () => {
    const central = await temporaryPostgresStore();
    try {
      const stream = streamName('sensorkill');
      const spool = join(directory, 'sensor-kill');
      const args = sensorArgs({ read: capture, nats: natsUrl, stream, site: 'north', name: 'span1', spool });
      const kills: string[] = [];
      let committed = 0;
      for (let round = 0; round < 3; round += 1) {
        const sensor = startVigil(args);
        sensor.child.stdin?.end();
        for (
          let waited = 0;
          committedPackets(join(spool, 'sensor.db')) <= committed &&
          sensor.child.exitCode === null &&
          waited < 60_000;
          waited += 20
        )
          await sleep(20);
        await sleep(Math.floor(Math.random() * 60));
        sensor.child.kill('SIGKILL');
        const { signal } = await sensor.finished;
        const now = committedPackets(join(spool, 'sensor.db'));
        kills.push(
          `round ${round + 1}: ${signal ?? 'finished'} with packets ${committed + 1}–${now} committed`,
        );
        if (signal !== 'SIGKILL') break;
        committed = now;
      }
      console.log(`relay sensor kills: ${kills.join('; ')}`);
      // Run again as an operator would: on the capture when its ingest was cut short (it resumes),
      // else on a capture of no packets, only to send what the spool still holds.
      const rerun =
        committedPackets(join(spool, 'sensor.db')) > 0
          ? args
          : sensorArgs({
              read: headerOnly(capture),
              nats: natsUrl,
              stream,
              site: 'north',
              name: 'span1',
              spool,
            });
      const finished = JSON.parse((await vigil(rerun)).stdout) as SensorReport;
      expect(finished.relay.outboxLeft).toBe(0);
      await vigil(collectArgs(natsUrl, stream, central.store.location, ['--until-caught-up']));
      await expectSameAsIngest(central.store, `after ${kills.join('; ')}`);
    } finally {
      await central.drop();
    }
  }, 240_000);

  it('loses exactly what the sensor counts as dropped when its spool fills while NATS is unreachable', async () => {
    const central = await temporaryPostgresStore();
    const port = await freePort();
    const url = `nats://127.0.0.1:${port}`;
    const stream = streamName('fullspool');
    const spool = join(directory, 'full-spool');
    try {
      // Nothing listens on the port: everything goes to the spool, which holds 64 KiB.
      const spilled = await vigil(
        sensorArgs({
          read: capture,
          nats: url,
          stream,
          site: 'north',
          name: 'span1',
          spool,
          extra: ['--spool-max', '0.0625', '--drain-timeout', '1'],
        }),
      );
      const first = JSON.parse(spilled.stdout) as SensorReport;
      expect(first.relay.published).toBe(0);
      expect(first.relay.outboxLeft).toBeGreaterThan(0);
      expect(first.relay.outboxDropped.flows + first.relay.outboxDropped.devices).toBeGreaterThan(0);

      const nats = startNatsServer(port, temporaryDirectory('vigil-nats-'));
      try {
        await waitForPort(port);
        // Restarted with NATS back (on a capture of no packets, so that it only drains its spool).
        const drained = JSON.parse(
          (
            await vigil(
              sensorArgs({
                read: headerOnly(capture),
                nats: url,
                stream,
                site: 'north',
                name: 'span1',
                spool,
              }),
            )
          ).stdout,
        ) as SensorReport;
        expect(drained.relay.outboxLeft).toBe(0);
        expect(drained.relay.published).toBe(first.relay.outboxLeft);
        await vigil(collectArgs(url, stream, central.store.location, ['--until-caught-up']));
      } finally {
        nats.kill('SIGKILL');
      }
      const actual = await storeContents(central.store);
      expect(actual.flows.length).toBe(expected.flows.length - first.relay.outboxDropped.flows);
      for (const flow of actual.flows) expect(expected.flows).toContainEqual(flow);
      expect(actual.devices.length).toBeLessThanOrEqual(expected.devices.length);
    } finally {
      await central.drop();
    }
  }, 240_000);

  it('raises an alert in the alert list once per silence when a sensor goes quiet', async () => {
    const central = await temporaryPostgresStore();
    const stream = streamName('silence');
    const collector = startVigil(
      collectArgs(natsUrl, stream, central.store.location, ['--silent-after', '2']),
    );
    try {
      const quiet = headerOnly(capture);
      const beat = () =>
        vigil(
          sensorArgs({
            read: quiet,
            nats: natsUrl,
            stream,
            site: 'east',
            name: 'span9',
            spool: join(directory, 'quiet'),
          }),
        );
      const silenceAlert = async () =>
        (await central.store.alerts.list()).find((alert) => alert.type === 'sensor-silent');
      const waitForCount = async (count: number) => {
        for (let waited = 0; ((await silenceAlert())?.count ?? 0) < count && waited < 30_000; waited += 200)
          await sleep(200);
        return silenceAlert();
      };

      await beat();
      const first = await waitForCount(1);
      const heardAt = Date.parse((await central.store.relay.sensors())[0]?.lastHeard ?? '');
      expect(first, 'an alert once the sensor is 2 s unheard').toMatchObject({
        key: 'east/span9',
        count: 1,
        techniques: ['T0815'],
        status: 'new',
      });
      expect(first?.detail.lastHeard).toEqual([new Date(heardAt).toISOString()]);
      expect(Date.parse(first?.lastSeen ?? '') - heardAt).toBeGreaterThanOrEqual(2_000);
      // Still silent a while later: the same silence, not a new one.
      await sleep(3_000);
      expect((await silenceAlert())?.count).toBe(1);

      // Heard again, then silent again: a second silence adds to the same alert.
      await beat();
      expect((await waitForCount(2))?.count).toBe(2);
      collector.child.kill('SIGTERM');
      const collected = await collector.finished;
      expect(collected.code, collected.stderr).toBe(0);
      expect(JSON.parse(collected.stdout)).toMatchObject({ silentSensors: 2, malformed: 0 });
      expect(collected.stderr).toContain('Sensor east/span9 has not been heard since');
    } finally {
      collector.child.kill('SIGKILL');
      await central.drop();
    }
  }, 120_000);

  it('keeps one device seen by two sensors of a site, lists both sensors, and takes a second site', async () => {
    const central = await temporaryPostgresStore();
    try {
      const stream = streamName('sites');
      const southCapture = join(directory, 'south.pcapng');
      simulateHospital({
        devices: 30,
        durationSeconds: 300,
        seed: 12,
        day: 1,
        attacks: [],
        out: southCapture,
      });
      const runs = [
        { read: capture, site: 'north', name: 'span1' },
        { read: capture, site: 'north', name: 'span2' },
        { read: southCapture, site: 'south', name: 'span1' },
      ];
      await Promise.all(
        runs.map((run) =>
          vigil(
            sensorArgs({ ...run, nats: natsUrl, stream, spool: join(directory, `${run.site}-${run.name}`) }),
          ),
        ),
      );
      await vigil(collectArgs(natsUrl, stream, central.store.location, ['--until-caught-up']));

      const contents = await storeContents(central.store);
      const northIds = expected.devices.map((device) => String(device.id));
      for (const id of northIds) expect(contents.devices.map((device) => device.id)).toContain(id);
      const sensors = (await central.store.relay.sensors()).map((sensor) => sensor.id).sort();
      expect(sensors).toEqual(['north/span1', 'north/span2', 'south/span1']);
      for (const id of northIds) {
        const sightings = await central.store.relay.sightingsOf(id);
        expect(
          sightings
            .filter((sighting) => sighting.site === 'north')
            .map((sighting) => sighting.sensorId)
            .sort(),
        ).toEqual(['north/span1', 'north/span2']);
      }
      const shown = JSON.parse(
        (await vigil(['device', northIds[0] ?? '', '--json', '--db', central.store.location])).stdout,
      ) as { seenBy: { sensorId: string; site: string }[] };
      expect(shown.seenBy.filter((seen) => seen.site === 'north').map((seen) => seen.sensorId)).toEqual([
        'north/span1',
        'north/span2',
      ]);
      const southOnly = contents.devices.filter((device) => !northIds.includes(device.id ?? ''));
      expect(southOnly.length).toBeGreaterThan(0);
      for (const device of southOnly)
        expect(
          (await central.store.relay.sightingsOf(device.id ?? '')).map((sighting) => sighting.sensorId),
        ).toEqual(['south/span1']);
    } finally {
      await central.drop();
    }
  }, 240_000);
});
