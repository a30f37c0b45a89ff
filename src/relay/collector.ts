import { setTimeout as delay } from 'node:timers/promises';
import { AckPolicy, DeliverPolicy, type JsMsg } from '@nats-io/jetstream';
import type { PipelineConfig } from '../config/defaults.js';
import { type DetectionConfig, detectionConfig } from '../config/detection.js';
import { DetectionStage } from '../detect/detection-stage.js';
import { alertIdOf, recordAlerts } from '../detect/record-alerts.js';
import { detectors } from '../detect/registry.js';
import type { Store } from '../store/open-store.js';
import { RelayRepository } from '../store/relay-repository.js';
import { connectRelay, ensureStream, jetstreamOf, type RelayEndpoint } from './jetstream-connection.js';
import { decodeHeartbeat, decodeRelayMessage, messageIdOf } from './relay-message.js';
import { sensorSilentAfterMs, sensorSilentType, silentSensorDetections } from './sensor-silence.js';

export interface CollectOptions {
  store: Store;
  endpoint: RelayEndpoint;
  /** The durable consumer's name: a restarted collector goes on where it acknowledged last. */
  durable: string;
  config: Readonly<PipelineConfig>;
  detection?: Readonly<DetectionConfig>;
  /** Stop once the consumer has nothing pending (a batch import, a test); otherwise until `signal`. */
  untilCaughtUp?: boolean;
  signal?: AbortSignal;
  /** How long a message handed out and not acknowledged waits before JetStream hands it out again. */
  ackWaitMs?: number;
  /** Refuse (count and drop) what sensors not enrolled (`vigil sensor enroll`) publish. */
  requireEnrolment?: boolean;
  /** A sensor unheard this long is silent: an alert says so, once per silence. */
  silentAfterMs?: number;
  /** Messages fetched at a time. */
  batch?: number;
  log?: (line: string) => void;
  /** Called after each message is applied (or recognised as applied), with the counters so far. */
  onMessage?: (counters: CollectorCounters) => void;
}

export interface CollectorCounters {
  /** Messages applied to the store. */
  applied: number;
  /** Messages already applied (a redelivery, or a sensor's repeat JetStream's window missed). */
  duplicates: number;
  /** Messages that were not Vigil relay messages, or named another sensor than their subject: skipped. */
  malformed: number;
  heartbeats: number;
  flows: number;
  devices: number;
  detections: number;
  /** Silences of sensors raised as alerts. */
  silentSensors: number;
  /** Messages from sensors the store has not enrolled: stored, or refused with `requireEnrolment`. */
  unenrolled: number;
  refused: number;
  /** Pulls that ended in an error (heartbeats missed on a busy machine, NATS away); what they brought was stored. */
  pullsCutShort: number;
}

/**
 * `vigil collect`: consumes what sensors publish with a durable JetStream consumer and stores it
 * with the calls an ingest makes (flows inserted by id, device drafts merged, detections recorded
 * as alerts), acknowledging each message after it is stored. At least once plus idempotent
 * writes: a message's id is marked applied in the transaction of its alerts (for flows and
 * devices, whose writes are idempotent themselves, after them), so a redelivery changes nothing.
 */
export async function collect(options: CollectOptions): Promise<CollectorCounters> {
  const { store, endpoint } = options;
  const log = options.log ?? (() => {});
  const detectConfig = options.detection ?? detectionConfig();
  const { summarise } = new DetectionStage(detectConfig, detectors);
  const counters: CollectorCounters = {
    applied: 0,
    duplicates: 0,
    malformed: 0,
    heartbeats: 0,
    flows: 0,
    devices: 0,
    detections: 0,
    silentSensors: 0,
    unenrolled: 0,
    refused: 0,
    pullsCutShort: 0,
  };
  // Enrolments are read again every few seconds, hit or miss, without a query per message: a
  // sensor enrolled while the collector runs is taken soon after, and one revoked is refused.
  let enrolled = new Set<string>();
  let enrolmentsReadAt = 0;
  const isEnrolled = async (sensorId: string): Promise<boolean> => {
    if (Date.now() - enrolmentsReadAt > 5_000) {
      enrolled = new Set((await store.relay.enrolments()).map((entry) => `${entry.site}/${entry.name}`));
      enrolmentsReadAt = Date.now();
    }
    return enrolled.has(sensorId);
  };
  const connection = await connectRelay(
    endpoint.url,
    `vigil collect ${options.durable}`,
    options.signal,
    endpoint.security,
  );
  try {
    const manager = await ensureStream(connection, endpoint.stream);
    await manager.consumers.add(endpoint.stream, {
      durable_name: options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: (options.ackWaitMs ?? 30_000) * 1_000_000,
      max_deliver: -1,
    });
    const consumer = await jetstreamOf(connection).consumers.get(endpoint.stream, options.durable);
    // Messages a killed collector took and never acknowledged go out again once their ack wait
    // ends, before newer ones. Taking newer ones first would store them out of order, and an
    // alert keeps the evidence that came first: so a collector starts after that wait when its
    // consumer has messages in hand (another collector's in-flight ones look the same).
    const ackWaitMs = options.ackWaitMs ?? 30_000;
    const inHand = (await consumer.info()).num_ack_pending;
    if (inHand > 0) {
      log(
        `${inHand} messages taken before and not acknowledged: starting in ${(ackWaitMs / 1000).toFixed(1)} s, once they are handed out again`,
      );
      // Stopped while waiting: the loop below sees the signal and ends.
      await delay(ackWaitMs + 500, undefined, { signal: options.signal }).catch(() => undefined);
    }
    log(`consuming stream ${endpoint.stream} as ${options.durable}`);

    const apply = async (message: JsMsg): Promise<void> => {
      const [, site = '', sensor = '', kind = ''] = message.subject.slice(endpoint.stream.length).split('.');
      if (!(await isEnrolled(`${site}/${sensor}`))) {
        counters.unenrolled += 1;
        if (options.requireEnrolment) {
          counters.refused += 1;
          if (counters.refused === 1 || counters.refused % 1_000 === 0)
            log(
              `refused ${counters.refused} message(s) from sensors not enrolled, the last from ${site}/${sensor}`,
            );
          return;
        }
      }
      const text = message.string();
      if (kind === 'heartbeat') {
        const beat = decodeHeartbeat(text);
        if (beat instanceof Error) return malformed(message, `heartbeat ${beat.message}`);
        if (beat.site !== site || beat.sensor !== sensor)
          return malformed(message, `heartbeat names ${beat.site}/${beat.sensor}`);
        await store.relay.heard(site, sensor, beat.health);
        counters.heartbeats += 1;
        return;
      }
      const decoded = decodeRelayMessage(text);
      if (decoded instanceof Error) return malformed(message, decoded.message);
      const { envelope } = decoded;
      // The subject is what NATS permissions restrict a sensor to: the body must agree with it.
      if (envelope.site !== site || envelope.sensor !== sensor || envelope.kind !== kind)
        return malformed(message, `body names ${envelope.site}/${envelope.sensor} ${envelope.kind}`);
      const id = messageIdOf(envelope);
      const sensorId = `${site}/${sensor}`;
      if (await store.relay.isApplied(id)) {
        counters.duplicates += 1;
        return;
      }
      if (decoded.kind === 'flows') {
        await store.flows.insert(decoded.flows);
        await store.relay.markApplied(id, sensorId);
        counters.flows += decoded.flows.length;
      } else if (decoded.kind === 'devices') {
        const merged: string[] = [];
        await store.devices.merge(decoded.devices, options.config.storeBatchRows, (ids) =>
          merged.push(...ids),
        );
        await store.relay.sighted(merged, site, sensor);
        await store.relay.markApplied(id, sensorId);
        counters.devices += decoded.devices.length;
      } else {
        await recordAlerts(
          store,
          decoded.detections,
          Date.now(),
          detectConfig.maxEvidencePerAlert,
          summarise,
          {
            alongside: (transaction) => new RelayRepository(transaction).markApplied(id, sensorId),
          },
        );
        counters.detections += decoded.detections.length;
      }
      await store.relay.heard(site, sensor);
      counters.applied += 1;
    };
    const malformed = (message: JsMsg, why: string) => {
      counters.malformed += 1;
      log(`skipped message ${message.seq} on ${message.subject}: ${why}`);
    };

    const silentAfterMs = options.silentAfterMs ?? sensorSilentAfterMs;
    // Often enough that a silence is raised within a quarter of the allowance after it began.
    const silenceCheckMs = Math.min(30_000, Math.max(250, silentAfterMs / 4));
    let silenceCheckedAt = 0;
    // When the last message taken was published: a collector behind its stream has not heard
    // sensors whose messages wait in it, so silence is judged only when it is current.
    let lastPublishedMs = 0;
    const raiseSilences = async (): Promise<void> => {
      silenceCheckedAt = Date.now();
      const sensors = await store.relay.sensors();
      const ids = new Map(sensors.map((sensor) => [alertIdOf(sensorSilentType, sensor.id), sensor.id]));
      const reported = new Map<string, number>();
      for (const [alertId, alert] of await store.alerts.getMany([...ids.keys()]))
        reported.set(ids.get(alertId) ?? '', Date.parse(alert.lastSeen));
      const silences = silentSensorDetections(sensors, reported, silenceCheckedAt, silentAfterMs);
      if (silences.length === 0) return;
      await recordAlerts(store, silences, silenceCheckedAt, detectConfig.maxEvidencePerAlert);
      for (const silence of silences) log(`alert: ${silence.summary}`);
      counters.silentSensors += silences.length;
    };

    while (!options.signal?.aborted) {
      // The batch is taken whole before any of it is stored: a pull whose messages wait on the
      // store misses the server's heartbeats and fails.
      const batch: JsMsg[] = [];
      try {
        // The first message as soon as there is one, then as many as its pending count says are
        // there: a fetch of a full batch waits out its expiry whenever fewer are waiting, and on
        // a live feed that second is most of a new device's way to the console.
        const first = await consumer.next({ expires: 1_000 });
        if (first !== null) {
          batch.push(first);
          const more = Math.min(first.info.pending, (options.batch ?? 16) - 1);
          if (more > 0)
            for await (const message of await consumer.fetch({ max_messages: more, expires: 1_000 }))
              batch.push(message);
        }
      } catch (error) {
        // A pull whose expiry came after the client stopped waiting for the server's heartbeats
        // (a busy machine) ended like any pull: what it brought is stored, and the next is asked
        // for at once. Otherwise NATS is away: the client reconnects by itself; ask again
        // shortly. What was taken and not stored is handed out again after the ack wait.
        if (!/heartbeats missed/i.test(String(error))) {
          log(`waiting for NATS: ${String(error)}`);
          await sleep(1_000);
        }
        counters.pullsCutShort += 1;
      }
      for (const [index, message] of batch.entries()) {
        lastPublishedMs = message.info.timestampNanos / 1_000_000;
        // The rest of the batch waits its turn: tell JetStream it is in hand, not lost.
        for (const waiting of batch.slice(index + 1)) waiting.working();
        // A store that fails is the operator's to fix: the error stops the collector, and a
        // restart resumes from what is unacknowledged.
        await apply(message);
        message.ack();
        options.onMessage?.(counters);
        if (options.signal?.aborted) break;
      }
      const isCurrent = batch.length === 0 || Date.now() - lastPublishedMs < silenceCheckMs;
      if (isCurrent && Date.now() - silenceCheckedAt >= silenceCheckMs) await raiseSilences();
      if (batch.length === 0 && options.untilCaughtUp) {
        const info = await consumer.info().catch(() => undefined); // fresh, not consumers.get's copy
        if (info !== undefined && info.num_pending === 0 && info.num_ack_pending === 0) break;
      }
    }
  } finally {
    await connection.drain().catch(() => connection.close());
  }
  return counters;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
