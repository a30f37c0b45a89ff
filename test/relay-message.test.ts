import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { decodeHeartbeat, decodeRelayMessage, relayMessageText } from '../src/relay/relay-message.js';
import { attackNames } from '../src/sim/attacks.js';
import { simulateHospital } from '../src/sim/simulate.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';

/**
 * What a collector decodes comes off the network: whatever bytes arrive, `decodeRelayMessage`
 * answers with the message or with an Error naming the field — it never throws, and a message
 * a sensor really wrote decodes to what it carries.
 */

/** The bodies a relaying sensor queues for the simulated hospital with every attack. */
let bodies: string[] = [];

beforeAll(async () => {
  const capture = join(temporaryDirectory('vigil-relay-message-'), 'hospital.pcapng');
  simulateHospital({
    devices: 25,
    durationSeconds: 600,
    seed: 3,
    day: 1,
    attacks: [...attackNames],
    out: capture,
  });
  const store = await temporarySqliteStore();
  try {
    await ingestCapture({
      capture,
      store,
      config: pipelineConfig(),
      ouiRegistry: OuiRegistry.load(),
      relay: { maxOutboxBytes: 1 << 30 },
    });
    bodies = (await store.relay.pending(1_000)).map((message) =>
      relayMessageText(
        { site: 'north', sensor: 'span1', instance: 'i1', seq: message.seq, kind: message.kind },
        message.items,
      ),
    );
  } finally {
    await store.close();
  }
}, 60_000);

describe('relay messages', () => {
  it('decode to what the sensor queued: flows, devices with their facts, detections', () => {
    const kinds = new Set<string>();
    for (const body of bodies) {
      const decoded = decodeRelayMessage(body);
      if (decoded instanceof Error) throw decoded;
      kinds.add(decoded.kind);
      const items = (JSON.parse(body) as { items: unknown[] }).items.length;
      if (decoded.kind === 'flows') expect(decoded.flows).toHaveLength(items);
      if (decoded.kind === 'devices') {
        expect(decoded.devices).toHaveLength(items);
        for (const device of decoded.devices) expect(device.attributes).toBeInstanceOf(Map);
      }
      if (decoded.kind === 'detections') expect(decoded.detections).toHaveLength(items);
    }
    expect([...kinds].sort()).toEqual(['detections', 'devices', 'flows']);
  });

  it('name the field that is wrong', () => {
    const flows = bodies.find((body) => body.includes('"kind":"flows"'));
    expect(flows).toBeDefined();
    const message = JSON.parse(flows ?? '{}');
    message.items[0].flow.initiator.port = 'http';
    const decoded = decodeRelayMessage(JSON.stringify(message));
    expect(decoded).toBeInstanceOf(Error);
    expect((decoded as Error).message).toMatch(/^items\[0\]\.flow\.initiator\.port: /);
    expect((decodeRelayMessage('{"v":2}') as Error).message).toMatch(/^v: /);
  });

  it('never throw on cut, corrupted or arbitrary input', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 255 }), (which, at, byte) => {
        const body = bodies[which % bodies.length] ?? '';
        const cut = body.slice(0, at % (body.length + 1));
        const position = at % Math.max(1, body.length);
        const corrupted = body.slice(0, position) + String.fromCharCode(byte) + body.slice(position + 1);
        for (const text of [cut, corrupted]) {
          const decoded = decodeRelayMessage(text);
          if (decoded instanceof Error) expect(decoded.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (value, text) => {
        for (const input of [JSON.stringify(value) ?? 'null', text]) {
          expect(() => decodeRelayMessage(input)).not.toThrow();
          expect(() => decodeHeartbeat(input)).not.toThrow();
        }
      }),
      { numRuns: 500 },
    );
  });

  it('replace any field of a real message with any JSON and still never throw', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.jsonValue(), (which, pick, value) => {
        const message = JSON.parse(bodies[which % bodies.length] ?? '{}');
        // Walk to a random object inside the message and overwrite one of its fields.
        let node: Record<string, unknown> = message;
        for (let depth = 0; depth < 6; depth += 1) {
          const keys = Object.keys(node);
          const key = keys[(pick >> depth) % Math.max(1, keys.length)];
          if (key === undefined) break;
          const next = node[key];
          if (typeof next !== 'object' || next === null || depth === 5 || (pick >> (depth + 8)) % 3 === 0) {
            node[key] = value;
            break;
          }
          node = next as Record<string, unknown>;
        }
        const decoded = decodeRelayMessage(JSON.stringify(message));
        // What passes must be storable: its times make dates (a collector converts them).
        if (!(decoded instanceof Error)) {
          const times =
            decoded.kind === 'flows'
              ? decoded.flows.flatMap((entry) => [entry.flow.firstSeenMs, entry.flow.lastSeenMs])
              : decoded.kind === 'devices'
                ? decoded.devices.flatMap((device) => [device.firstSeenMs, device.lastSeenMs])
                : decoded.detections.flatMap((detection) => [detection.firstSeenMs, detection.lastSeenMs]);
          for (const time of times) expect(() => new Date(time).toISOString()).not.toThrow();
        }
      }),
      { numRuns: 500 },
    );
  });
});
