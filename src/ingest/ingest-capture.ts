import { createHash, type Hash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { ActivityCollector } from '../baseline/activity-collector.js';
import { learnAndReview } from '../baseline/learn-and-review.js';
import type { CaptureError } from '../capture/capture-error.js';
import { type OpenedCapture, openCapture } from '../capture/open-capture.js';
import type { PipelineConfig } from '../config/defaults.js';
import { type DetectionConfig, detectionConfig } from '../config/detection.js';
import type { Zone } from '../config/zones.js';
import type { Detection } from '../detect/detection.js';
import { DetectionStage } from '../detect/detection-stage.js';
import { type RecordedAlerts, recordAlerts } from '../detect/record-alerts.js';
import { detectors } from '../detect/registry.js';
import type { FlowRecord } from '../flows/flow-record.js';
import { InventoryBuilder } from '../inventory/inventory-builder.js';
import type { OuiRegistry } from '../inventory/oui-registry.js';
import type { Evidence, Observation } from '../observe/observation.js';
import { type RelayParts, relayBodiesOf } from '../relay/relay-message.js';
import type { CommitWith } from '../store/alert-repository.js';
import type { RecordedDeviceEvent } from '../store/device-repository.js';
import { IngestRunRepository } from '../store/ingest-run-repository.js';
import type { Store } from '../store/open-store.js';
import { RelayRepository } from '../store/relay-repository.js';
import type { IngestCheckpointTable } from '../store/schema.js';
import { isoFromMs } from '../store/timestamp-text.js';
import { PacketPipeline } from './packet-pipeline.js';

export interface IngestOptions {
  /** A capture path, or `-` for standard input. */
  capture: string;
  store: Store;
  config: Readonly<PipelineConfig>;
  ouiRegistry: OuiRegistry;
  stdin?: Readable;
  /** The detectors' thresholds; `false` runs no detection (an inventory-only ingest). */
  detection?: Readonly<DetectionConfig> | false;
  /** The network's zones with their trust (`--zones`), for the detectors that judge crossings. */
  zones?: readonly Zone[];
  /**
   * `vigil ingest --learn`: the capture teaches every device's, type's and the site's baseline;
   * signature detections still fire, deviations do not.
   */
  learn?: boolean;
  /** Called before each refill of the read buffer with bytes read so far and the size when known. */
  onProgress?: (bytesRead: number, sizeBytes: number | undefined) => void;
  /** A live capture (`vigil sensor`): commits also run on a timer, while the reader waits for packets. */
  live?: boolean;
  /** Called after each commit while reading: packets read by then, how long the commit took, how far behind the newest packet was. */
  onCommit?: (commit: CommitReport) => void;
  /**
   * A sensor relaying to a central store (`vigil sensor --nats`): each commit's flows, changed
   * devices and detections are also queued in the store's outbox, in the commit's transaction,
   * for `src/relay/outbox-publisher.ts` to publish; the outbox holds at most this many bytes.
   */
  relay?: { maxOutboxBytes: number };
}

export interface CommitReport {
  packets: number;
  commitMs: number;
  /** Wall time now minus the newest packet's timestamp; undefined before the first packet. */
  lagMs: number | undefined;
}

export interface IngestSummary {
  capture: string;
  format: string;
  packets: number;
  /** Bytes on the wire, summed over packets. */
  bytes: number;
  flows: number;
  /** Devices this capture showed (not the store's total). */
  devices: number;
  observations: number;
  /** IPv4 and IPv6 fragments seen (counted, not reassembled). */
  fragments: number;
  /** Packets or messages that could not be decoded, and capture-level errors. */
  malformed: number;
  malformedByReason: Record<string, number>;
  captureErrorCount: number;
  captureErrors: CaptureError[];
  elapsedSeconds: number;
  packetsPerSecond: number;
  /** SHA-256 of the capture's bytes. */
  contentSha256: string;
  /** Alerts this capture raised for the first time, and alerts already stored that it added to. */
  alertsRaised: number;
  alertsUpdated: number;
  /** The ids of those alerts, for delivery to SIEMs. */
  alertIds: string[];
  /** Detections a suppression rule held back (counted on the rule). */
  alertsSuppressed: number;
  /** Baseline versions this capture wrote; devices judged against a learned baseline; devices still learning. */
  baselinesLearned: number;
  devicesCompared: number;
  devicesLearning: number;
  /** Commits made while the capture was read (see `PipelineConfig.commitIntervalMs`), the last one not counted. */
  commits: number;
  /** Packets an interrupted ingest of this file had committed, replayed without storing them twice; 0 if none. */
  resumedAfterPackets: number;
}

/** A capture opened for ingest, hashing its bytes as they are read. */
export interface PreparedCapture {
  /** The capture's name in evidence: a file's path, `-`, or a followed folder's stream. */
  path: string;
  /** A file that can be read again: its ingest keeps a checkpoint to resume from. */
  resumable: boolean;
  opened: OpenedCapture;
  hash: Hash;
  startedAt: number;
}

/**
 * Opens the capture and checks its magic number. Throws `UnreadableCaptureError` for input that
 * is not a capture, so callers can refuse it before they open (or create) a store.
 */
export async function prepareCapture(path: string, stdin?: Readable): Promise<PreparedCapture> {
  const startedAt = performance.now();
  const hash = createHash('sha256');
  const opened = await openCapture(path, {
    ...(stdin ? { stdin } : {}),
    onBytes: (bytes) => hash.update(bytes),
  });
  return { path, opened, hash, startedAt, resumable: path !== '-' };
}

/**
 * The main job: read a capture, run it through the pipeline, and merge what it showed into the
 * store. Flows, devices and alerts are committed every `commitIntervalMs` while the capture is
 * read (see ARCHITECTURE.md on resuming), the baselines reviewed at the end.
 * Throws `UnreadableCaptureError` before touching the store when the input is not a capture.
 *
 * @example
 * const summary = await ingestCapture({ capture: 'trace.pcapng', store, config, ouiRegistry });
 */
export async function ingestCapture(options: IngestOptions): Promise<IngestSummary> {
  return ingestPreparedCapture(await prepareCapture(options.capture, options.stdin), options);
}

/** Ingests a capture already opened by `prepareCapture`. */
export async function ingestPreparedCapture(
  prepared: PreparedCapture,
  options: Omit<IngestOptions, 'capture' | 'stdin'>,
): Promise<IngestSummary> {
  const { opened: capture, hash, startedAt } = prepared;
  const captureName = prepared.path;
  const inventory = new InventoryBuilder(options.ouiRegistry);
  const detectConfig = options.detection === false ? undefined : (options.detection ?? detectionConfig());
  const detection =
    detectConfig === undefined ? undefined : new DetectionStage(detectConfig, detectors, options.zones);
  let activity = detectConfig === undefined ? undefined : new ActivityCollector(detectConfig);
  const pendingFlows: { flow: FlowRecord; evidence: Evidence }[] = [];
  const checkpoint = prepared.resumable ? await checkpointFor(options.store, captureName) : undefined;
  const resumedAfterPackets = checkpoint?.resume ?? 0;
  let packetsRead = 0;
  if (detection !== undefined && resumedAfterPackets > 0)
    detection.skipReport = (report) => packetsRead <= resumedAfterPackets && !isHeldToEnd(report);
  let observations = 0;
  let flows = 0;
  let wireBytes = 0;
  let firstSeenMs = Number.POSITIVE_INFINITY;
  let lastSeenMs = Number.NEGATIVE_INFINITY;
  const onObservation = (observation: Observation) => {
    observations += 1;
    if (observation.kind === 'flow.summary') {
      flows += 1;
      pendingFlows.push({ flow: observation.flow, evidence: observation.evidence });
    }
    inventory.observe(observation);
    detection?.observe(observation);
    activity?.observe(observation);
  };
  const pipeline = new PacketPipeline(captureName, options.config, onObservation);
  // What the commits since the last outbox write stored, for a relaying sensor.
  const relayed: RelayParts = { flows: [], devices: [], detections: [] };
  /** The outbox write that goes in a commit's transaction: every part stored since the last. */
  const relayWith = (detections: readonly Detection[] = []): CommitWith['alongside'] => {
    if (options.relay === undefined) return undefined;
    relayed.detections.push(...detections);
    const bodies = relayBodiesOf(relayed);
    relayed.flows = [];
    relayed.devices = [];
    relayed.detections = [];
    const { maxOutboxBytes } = options.relay;
    return (transaction) => new RelayRepository(transaction).append(bodies, maxOutboxBytes);
  };
  const writePendingFlows = async () => {
    const batch = pendingFlows.splice(0, pendingFlows.length);
    if (options.relay !== undefined) relayed.flows.push(...batch);
    for (let start = 0; start < batch.length; start += options.config.storeBatchRows) {
      await options.store.flows.insert(batch.slice(start, start + options.config.storeBatchRows));
    }
  };
  const events: RecordedDeviceEvent[] = [];
  const alerts = new AlertTally();
  const reviewed = { learned: 0, compared: 0, learning: 0 };
  /**
   * The baselines learn from the hosts' activity and the review detectors judge it; the
   * signature detections pass through (lateral movement judged against the baselines), and all
   * are stored. At the end of a capture, and in a live capture once per `reviewIntervalMs`: the
   * window's activity is then what a capture's would be, and the next window starts afresh.
   */
  /**
   * `alongside`, at the end of a capture, ends the checkpoint in the transaction of the end's
   * alerts: killed after them, a run again must not find a checkpoint and record them twice.
   */
  const review = async (window: string, alongside?: CommitWith['alongside']) => {
    if (detection === undefined || detectConfig === undefined || activity === undefined) {
      if (alongside !== undefined) await options.store.alerts.put([], { alongside });
      return;
    }
    const windowActivity = activity;
    activity = new ActivityCollector(detectConfig);
    const windowEvents = events.splice(0, events.length);
    const signatures = detection.take();
    const baselines = await learnAndReview({
      store: options.store,
      activity: windowActivity,
      events: windowEvents,
      capture: window,
      learn: options.learn ?? false,
      config: detectConfig,
      atMs: Date.now(),
      signatureDetections: signatures,
    });
    reviewed.learned += baselines.learned;
    reviewed.compared += baselines.compared;
    reviewed.learning = baselines.learning;
    alerts.add(
      await recordAlerts(
        options.store,
        baselines.detections,
        Date.now(),
        detectConfig.maxEvidencePerAlert,
        detection.summarise,
        { alongside: both(relayWith(baselines.detections), alongside) },
      ),
    );
  };
  let lastReviewAt = performance.now();
  /**
   * Stores what the packets read so far showed: flows, the devices they changed and the alerts
   * their detectors raised, the alerts in one transaction with the checkpoint that says so.
   */
  const commit = async () => {
    await writePendingFlows();
    const changed = inventory.changedDevices();
    if (options.relay !== undefined) relayed.devices.push(...changed);
    events.push(...(await options.store.devices.merge(changed, options.config.storeBatchRows)));
    const reached =
      checkpoint !== undefined && packetsRead > resumedAfterPackets
        ? { ...checkpoint.row, packets: packetsRead, committed_at: new Date().toISOString() }
        : undefined;
    if (detection !== undefined && detectConfig !== undefined) {
      const detections = detection.take(isHeldToEnd);
      alerts.add(
        await recordAlerts(
          options.store,
          detections,
          Date.now(),
          detectConfig.maxEvidencePerAlert,
          detection.summarise,
          { checkpoint: reached, alongside: relayWith(detections) },
        ),
      );
    } else await options.store.alerts.put([], { checkpoint: reached, alongside: relayWith() });
    if (options.live && performance.now() - lastReviewAt >= options.config.reviewIntervalMs) {
      lastReviewAt = performance.now();
      await review(`${captureName} until ${new Date().toISOString()}`);
    }
  };
  let commits = 0;
  let lastCommitAt = performance.now();
  let committing: Promise<void> | undefined;
  /** One commit at a time: the read loop's and the timer's wait for the one under way. */
  const commitNow = (): Promise<void> => {
    committing ??= (async () => {
      const started = performance.now();
      const packets = packetsRead;
      await commit();
      commits += 1;
      lastCommitAt = performance.now();
      options.onCommit?.({
        packets,
        commitMs: lastCommitAt - started,
        lagMs: Number.isFinite(lastSeenMs) ? Date.now() - lastSeenMs : undefined,
      });
    })().finally(() => {
      committing = undefined;
    });
    return committing;
  };
  const isCommitDue = () => performance.now() - lastCommitAt >= options.config.commitIntervalMs;
  capture.setBeforeRefill(async () => {
    options.onProgress?.(capture.position(), capture.sizeBytes);
    if (isCommitDue()) await commitNow();
    else if (pendingFlows.length >= options.config.storeBatchRows) await writePendingFlows();
  });
  // A live capture may go quiet for minutes with packets read and not committed: a timer commits
  // them while the reader waits for the next. Its failure fails the ingest at the end.
  let timerFailure: unknown;
  const timer = options.live
    ? setInterval(
        () => {
          if (isCommitDue() && committing === undefined)
            commitNow().catch((error: unknown) => {
              timerFailure ??= error;
            });
        },
        Math.max(10, options.config.commitIntervalMs / 4),
      )
    : undefined;
  let readSummary: Awaited<ReturnType<typeof capture.reader.read>>;
  try {
    readSummary = await capture.reader.read((packet) => {
      packetsRead += 1;
      wireBytes += packet.originalLength;
      const atMs = packet.timestampMs;
      if (atMs < firstSeenMs) firstSeenMs = atMs;
      if (atMs > lastSeenMs) lastSeenMs = atMs;
      pipeline.handlePacket(packet);
    });
  } finally {
    clearInterval(timer);
    await committing;
    await capture.close();
  }
  if (timerFailure !== undefined) throw timerFailure;
  // The end of the capture ends every flow and connection: reports from then on are new, those
  // the ends themselves cause included (a run killed after its last checkpoint never stored them).
  packetsRead = Number.POSITIVE_INFINITY;
  pipeline.finish();
  await writePendingFlows();
  const devices = inventory.devices();
  if (options.relay !== undefined) relayed.devices.push(...devices);
  events.push(...(await options.store.devices.merge(devices, options.config.storeBatchRows)));
  const latestMs = await options.store.devices.latestSightingMs();
  if (latestMs !== undefined)
    events.push(...(await options.store.devices.recordSilence(latestMs, options.config.deviceSilentAfterMs)));
  const endCheckpoint: CommitWith['alongside'] =
    checkpoint === undefined
      ? undefined
      : (transaction) => new IngestRunRepository(transaction).clearCheckpoint(checkpoint.row.source);
  await review(
    options.live ? `${captureName} until ${new Date().toISOString()}` : captureName,
    endCheckpoint,
  );
  // Without detection no review wrote the outbox: what the end stored goes in on its own.
  await options.store.alerts.put([], { alongside: relayWith() });
  const decode = pipeline.decodeCounters;
  const malformedByReason: Record<string, number> = Object.fromEntries(decode.malformedByReason);
  for (const [protocol, count] of pipeline.dissectCounters.malformedByProtocol)
    malformedByReason[protocol] = count;
  if (pipeline.internalErrors > 0) malformedByReason.internal = pipeline.internalErrors;
  if (detection !== undefined && detection.internalErrors > 0)
    malformedByReason.detect = detection.internalErrors;
  const malformed =
    decode.malformed + pipeline.dissectCounters.malformed + pipeline.internalErrors + readSummary.errorCount;
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  const summary: IngestSummary = {
    capture: captureName,
    format: readSummary.format,
    packets: readSummary.packets,
    bytes: wireBytes,
    flows,
    devices: devices.length,
    observations,
    fragments: decode.fragments,
    malformed,
    malformedByReason,
    captureErrorCount: readSummary.errorCount,
    captureErrors: readSummary.errors,
    elapsedSeconds,
    packetsPerSecond: elapsedSeconds > 0 ? readSummary.packets / elapsedSeconds : 0,
    contentSha256: hash.digest('hex'),
    alertsRaised: alerts.raised.size,
    alertsUpdated: alerts.updated.size,
    alertIds: [...alerts.raised, ...alerts.updated],
    alertsSuppressed: alerts.suppressed,
    baselinesLearned: reviewed.learned,
    devicesCompared: reviewed.compared,
    devicesLearning: reviewed.learning,
    commits,
    resumedAfterPackets,
  };
  const hasPackets = summary.packets > 0;
  await options.store.ingestRuns.record({
    id: summary.contentSha256,
    source: summary.capture,
    format: summary.format,
    packets: summary.packets,
    bytes: summary.bytes,
    flows: summary.flows,
    devices: summary.devices,
    observations: summary.observations,
    malformed: summary.malformed,
    capture_errors: summary.captureErrorCount,
    capture_first_seen: hasPackets ? isoFromMs(firstSeenMs) : null,
    capture_last_seen: hasPackets ? isoFromMs(lastSeenMs) : null,
    ingested_at: new Date().toISOString(),
  });
  return summary;
}

/**
 * Detections committed only at the end of the capture: lateral movement, which the baselines
 * judge there (hosts a source's baseline already reaches are not movement).
 */
function isHeldToEnd(detection: Detection): boolean {
  return detection.type === 'lateral-movement';
}

/**
 * The checkpoint row a capture file's ingest keeps (none for a stream, which cannot be read
 * again), and how many packets an interrupted ingest of the same file had committed.
 */
async function checkpointFor(
  store: Store,
  path: string,
): Promise<{ row: IngestCheckpointTable; resume: number }> {
  const source = resolve(path);
  const file = await stat(source);
  const row = {
    source,
    size_bytes: file.size,
    modified_at: file.mtime.toISOString(),
    packets: 0,
    committed_at: new Date().toISOString(),
  };
  const left = await store.ingestRuns.checkpointOf(source);
  const isSameFile =
    left !== undefined && left.size_bytes === row.size_bytes && left.modified_at === row.modified_at;
  return { row, resume: isSameFile ? left.packets : 0 };
}

/** The alerts of a run's commits: each counted once, as raised if its first commit raised it. */
class AlertTally {
  readonly raised = new Set<string>();
  readonly updated = new Set<string>();
  suppressed = 0;

  add(recorded: RecordedAlerts): void {
    for (const alert of recorded.raised) this.raised.add(alert.id);
    for (const alert of recorded.updated) if (!this.raised.has(alert.id)) this.updated.add(alert.id);
    this.suppressed += recorded.suppressed;
  }
}

/** Two writes for one transaction, either of them absent. */
function both(first: CommitWith['alongside'], second: CommitWith['alongside']): CommitWith['alongside'] {
  if (first === undefined) return second;
  if (second === undefined) return first;
  return async (transaction) => {
    await first(transaction);
    await second(transaction);
  };
}
