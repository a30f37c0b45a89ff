import { PacketView } from '../../src/decode/packet-view.js';
import { DissectCounters } from '../../src/dissect/dissector.js';
import type { StreamContext, StreamDissector, StreamEndpoints } from '../../src/dissect/stream-dissector.js';
import type { Observation } from '../../src/observe/observation.js';

export const testEndpoints: StreamEndpoints = {
  initiatorIp: '10.0.0.2',
  initiatorPort: 50000,
  initiatorMac: undefined,
  responderIp: '10.0.0.1',
  responderPort: 8080,
  responderMac: undefined,
};

/**
 * Feeds pieces of a connection to a new handler of `dissector`, in the order given, each from
 * an offset inside a larger buffer as reassembly delivers them; with `end`, then ends the connection.
 */
export function feedStream(
  dissector: StreamDissector,
  pieces: readonly { fromInitiator: boolean; bytes: Buffer | string }[],
  options: { end?: boolean } = {},
) {
  const observations: Observation[] = [];
  const counters = new DissectCounters();
  const context: StreamContext = {
    captureName: 'c',
    emit: (o) => observations.push(o),
    counters,
    view: new PacketView(),
  };
  const handler = dissector.createHandler(testEndpoints);
  for (const piece of pieces) {
    const bytes = Buffer.isBuffer(piece.bytes) ? piece.bytes : Buffer.from(piece.bytes, 'latin1');
    const padded = Buffer.concat([Buffer.alloc(5), bytes, Buffer.alloc(3)]);
    handler.onData(piece.fromInitiator, padded, 5, bytes.length, context);
  }
  // As when the flow ends: handlers that aggregate report.
  if (options.end) handler.onEnd?.(context);
  return { observations, counters };
}

/**
 * A recorded or constructed exchange with byte edits applied (`[at, value]`, `at` taken modulo each
 * piece's length) and random pieces appended: the input of the stream dissectors' fuzz tests.
 */
export function mutatedExchange(
  exchange: readonly { fromInitiator: boolean; bytes: Buffer | string }[],
  edits: readonly [number, number][],
  extra: readonly { fromInitiator: boolean; bytes: Uint8Array }[],
): { fromInitiator: boolean; bytes: Buffer }[] {
  const pieces = exchange.map((piece) => {
    const copy = Buffer.from(piece.bytes);
    for (const [at, value] of edits) copy[at % copy.length] = value;
    return { fromInitiator: piece.fromInitiator, bytes: copy };
  });
  return [
    ...pieces,
    ...extra.map((piece) => ({ fromInitiator: piece.fromInitiator, bytes: Buffer.from(piece.bytes) })),
  ];
}
