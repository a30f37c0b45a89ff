import { z } from 'zod';
import type { Detection } from '../detect/detection.js';
import type { FlowRecord } from '../flows/flow-record.js';
import type { AttributeDraft, DeviceDraft, FindingDraft } from '../inventory/device-draft.js';
import type { Evidence } from '../observe/observation.js';
import type { SensorHealth } from '../store/relay-repository.js';

/**
 * What a sensor publishes, one JetStream message per part of a commit: the flows that ended, the
 * devices that changed (drafts, as the sensor's own store merged them) and the detections its
 * detectors reported (before its suppressions and device ties: the collector applies its own).
 * The collector stores each with the same calls an ingest makes, so a device or alert from a
 * sensor is what a local ingest of the same packets would have stored.
 */
export type RelayKind = 'flows' | 'devices' | 'detections';

export interface FlowEntry {
  flow: FlowRecord;
  evidence: Evidence;
}

export interface RelayParts {
  flows: FlowEntry[];
  devices: DeviceDraft[];
  detections: Detection[];
}

/** A message's body; its subject is `<stream>.<site>.<sensor>.<kind>`. */
export interface RelayEnvelope {
  v: 1;
  site: string;
  sensor: string;
  /** Chosen once per sensor store: a sensor whose store was replaced starts a new sequence. */
  instance: string;
  seq: number;
  kind: RelayKind;
  items: unknown[];
}

/** The id JetStream de-duplicates by and the collector records as applied. */
export function messageIdOf(envelope: Pick<RelayEnvelope, 'instance' | 'seq'>): string {
  return `${envelope.instance}.${envelope.seq}`;
}

/**
 * A queued message's text: the envelope around its `items`, already JSON (an outbox keeps them
 * encoded, so they are spliced in rather than parsed and written again).
 */
export function relayMessageText(envelope: Omit<RelayEnvelope, 'v' | 'items'>, items: string): string {
  const { site, sensor, instance, seq, kind } = envelope;
  return `{"v":1,"site":${JSON.stringify(site)},"sensor":${JSON.stringify(sensor)},"instance":${JSON.stringify(instance)},"seq":${seq},"kind":"${kind}","items":${items}}`;
}

/** Keeps a message under NATS's default 1 MiB payload limit with room for its envelope. */
export const maxMessageBytes = 512 * 1024;

/**
 * Splits a commit's parts into message bodies (the `items` JSON of each), none over
 * `maxMessageBytes` unless a single item is: flows first, then devices, then detections, the
 * order the collector must apply them in (an alert's parties are found among the devices).
 */
export function relayBodiesOf(parts: RelayParts): { kind: RelayKind; items: string }[] {
  const bodies: { kind: RelayKind; items: string }[] = [];
  const pack = (kind: RelayKind, encoded: readonly string[]) => {
    let current: string[] = [];
    let size = 2;
    for (const item of encoded) {
      if (current.length > 0 && size + item.length + 1 > maxMessageBytes) {
        bodies.push({ kind, items: `[${current.join(',')}]` });
        current = [];
        size = 2;
      }
      current.push(item);
      size += item.length + 1;
    }
    if (current.length > 0) bodies.push({ kind, items: `[${current.join(',')}]` });
  };
  // Devices first: a new device is what an analyst waits for, and the detections after them find
  // the devices they name already stored; flows, the bulk, follow.
  pack(
    'devices',
    parts.devices.map((draft) => JSON.stringify(plainDraft(draft))),
  );
  pack(
    'flows',
    parts.flows.map((entry) => JSON.stringify(entry, (_key, value) => (value === undefined ? null : value))),
  );
  pack(
    'detections',
    parts.detections.map((detection) => JSON.stringify(detection)),
  );
  return bodies;
}

/** A draft's maps and sets as arrays, for JSON. */
function plainDraft(draft: DeviceDraft) {
  return {
    identityKey: draft.identityKey,
    firstSeenMs: draft.firstSeenMs,
    lastSeenMs: draft.lastSeenMs,
    attributes: [...draft.attributes.values()],
    protocols: [...draft.protocols.values()],
    findings: [...draft.findings.values()].map(({ measures, ...finding }) => ({
      ...finding,
      measures:
        measures === undefined
          ? undefined
          : [...measures.values()].map((measure) => ({ ...measure, names: [...measure.names] })),
    })),
  };
}

const evidence = z.object({
  capture: z.string(),
  packetNumber: z.number(),
  fileOffset: z.number(),
});
// Milliseconds a Date can hold: a time beyond them would fail the store's ISO conversion and
// stop the collector on every redelivery of the same message.
const time = z.number().min(0).max(8_640_000_000_000_000);
const endpoint = z.object({
  address: z.string().max(64),
  port: z.number().int().min(0).max(65_535),
  mac: z
    .string()
    .max(32)
    .nullable()
    .transform((value) => value ?? undefined),
  syn: z
    .object({
      timeToLive: z.number(),
      window: z.number(),
      optionsLayout: z.string().max(128),
      maximumSegmentSize: z.number(),
      windowScale: z.number(),
    })
    .nullable()
    .transform((value) => value ?? undefined),
});
const flowEntry = z.object({
  flow: z.object({
    ipVersion: z.union([z.literal(4), z.literal(6)]),
    protocol: z.number().int(),
    vlanId: z.number().int(),
    initiator: endpoint,
    responder: endpoint,
    packetsFromInitiator: z.number(),
    bytesFromInitiator: z.number(),
    packetsFromResponder: z.number(),
    bytesFromResponder: z.number(),
    tcpFlagsFromInitiator: z.number(),
    tcpFlagsFromResponder: z.number(),
    firstSeenMs: time,
    lastSeenMs: time,
    endReason: z.enum(['idle', 'evicted', 'port-reused', 'end-of-capture']),
    firstPacketNumber: z.number(),
    firstFileOffset: z.number(),
  }),
  evidence,
});
const severity = z.enum(['low', 'medium', 'high', 'critical']);
const seen = { firstSeenMs: time, lastSeenMs: time };
const deviceDraft = z.object({
  identityKey: z.string().min(1).max(256),
  ...seen,
  attributes: z.array(
    z.object({
      name: z.string().max(128),
      value: z.string().max(4_096),
      source: z.string().max(128),
      confidence: z.number().min(0).max(1),
      ...seen,
      evidence,
    }),
  ),
  protocols: z.array(z.object({ protocol: z.string().max(64), ...seen })),
  findings: z.array(
    z.object({
      type: z.string().max(128),
      severity,
      summary: z.string().max(4_096),
      remedy: z.string().max(4_096),
      detail: z.string().max(8_192).optional(),
      measures: z
        .array(
          z.object({
            subject: z.string(),
            unit: z.string(),
            count: z.number(),
            total: z.number(),
            names: z.array(z.string()),
          }),
        )
        .optional(),
      ...seen,
      evidence,
    }),
  ),
});
const party = z.object({
  ip: z.string().max(64).optional(),
  mac: z.string().max(32).optional(),
  identifiedBy: z.literal('mac').optional(),
});
const detection = z.object({
  type: z.string().min(1).max(128),
  key: z.string().max(1_024),
  severity,
  techniques: z.array(z.string().max(32)),
  summary: z.string().max(4_096),
  remedy: z.string().max(4_096),
  sources: z.array(party),
  targets: z.array(party),
  ...seen,
  count: z.number().int().min(0),
  evidence: z.array(evidence.extend({ seen: z.string().max(64).optional(), note: z.string().max(1_024) })),
  detail: z.record(z.string(), z.array(z.string())),
});

const envelope = z.object({
  v: z.literal(1),
  site: z.string().min(1).max(64),
  sensor: z.string().min(1).max(64),
  instance: z.string().min(1).max(64),
  seq: z.number().int().min(1),
  kind: z.enum(['flows', 'devices', 'detections']),
  items: z.array(z.unknown()),
});

const count = z.number().int().min(0);
const heartbeat = z.object({
  v: z.literal(1),
  site: z.string().min(1).max(64),
  sensor: z.string().min(1).max(64),
  instance: z.string().min(1).max(64),
  health: z.object({
    packets: count,
    packetsPerSecond: z.number().finite().min(0),
    droppedByKernel: count,
    lagMs: z.number().finite().nullable(),
    outboxMessages: count,
    outboxBytes: count,
    outboxDropped: z.object({
      flowsMessages: count,
      flows: count,
      devicesMessages: count,
      devices: count,
      detectionsMessages: count,
      detections: count,
    }),
    lastCommitAt: z.string().max(40).nullable(),
  }),
});

/** A sensor's heartbeat: who sent it and its figures, or an `Error` naming the field. */
export function decodeHeartbeat(
  text: string,
): { site: string; sensor: string; instance: string; health: SensorHealth } | Error {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return new Error(`not JSON: ${(error as Error).message}`);
  }
  const checked = heartbeat.safeParse(parsed);
  return checked.success ? checked.data : new Error(describe(checked.error));
}

export type DecodedRelayMessage =
  | { kind: 'flows'; envelope: RelayEnvelope; flows: FlowEntry[] }
  | { kind: 'devices'; envelope: RelayEnvelope; devices: DeviceDraft[] }
  | { kind: 'detections'; envelope: RelayEnvelope; detections: Detection[] };

/**
 * Checks a message from a sensor and rebuilds what it carries; an `Error` naming the field and
 * what was expected when it is not a Vigil relay message (the collector counts and skips it).
 */
export function decodeRelayMessage(text: string): DecodedRelayMessage | Error {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return new Error(`not JSON: ${(error as Error).message}`);
  }
  const checked = envelope.safeParse(parsed);
  if (!checked.success) return new Error(describe(checked.error));
  const body = checked.data as RelayEnvelope;
  if (body.kind === 'flows') {
    const items = z.array(flowEntry).safeParse(body.items);
    return items.success ? { kind: 'flows', envelope: body, flows: items.data } : itemError(items.error);
  }
  if (body.kind === 'devices') {
    const items = z.array(deviceDraft).safeParse(body.items);
    return items.success
      ? { kind: 'devices', envelope: body, devices: items.data.map(draftOf) }
      : itemError(items.error);
  }
  const items = z.array(detection).safeParse(body.items);
  return items.success
    ? { kind: 'detections', envelope: body, detections: items.data as Detection[] }
    : itemError(items.error);
}

/** `items[3].flow.initiator.port: …`: the item and the field that failed. */
function itemError(error: z.ZodError): Error {
  return new Error(`items${describe(error)}`);
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid';
  const path = issue.path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('');
  return `${path.replace(/^\./, '') || '(message)'}: ${issue.message}`;
}

function draftOf(plain: z.infer<typeof deviceDraft>): DeviceDraft {
  return {
    identityKey: plain.identityKey,
    firstSeenMs: plain.firstSeenMs,
    lastSeenMs: plain.lastSeenMs,
    attributes: new Map(
      plain.attributes.map((attribute): [string, AttributeDraft] => [
        `${attribute.name}\u0000${attribute.value}\u0000${attribute.source}`,
        attribute,
      ]),
    ),
    protocols: new Map(plain.protocols.map((protocol) => [protocol.protocol, protocol])),
    findings: new Map(
      plain.findings.map(({ measures, detail, ...finding }): [string, FindingDraft] => [
        finding.type,
        {
          ...finding,
          ...(detail === undefined ? {} : { detail }),
          ...(measures === undefined
            ? {}
            : {
                measures: new Map(
                  measures.map((measure) => [measure.subject, { ...measure, names: new Set(measure.names) }]),
                ),
              }),
        },
      ]),
    ),
  };
}
