import type { PacketView } from '../decode/packet-view.js';
import type { Evidence, NetworkEndpoint } from '../observe/observation.js';
import { type DissectContext, evidenceOf } from './dissector.js';

/** The two ends of a TCP connection, as text, fixed when the protocol is recognised. */
export interface StreamEndpoints {
  initiatorIp: string;
  initiatorPort: number;
  initiatorMac: string | undefined;
  responderIp: string;
  responderPort: number;
  responderMac: string | undefined;
}

/** What a stream handler sees while it runs: the dissect context and the packet now being read. */
export interface StreamContext extends DissectContext {
  /** The packet whose bytes are being delivered (for evidence and timestamps). */
  view: PacketView;
}

/** One connection's parser: created when the protocol is recognised, fed in-order bytes per direction. */
export interface StreamHandler {
  /** In-order bytes; `data` is valid only during the call. Must not throw: count malformed input instead. */
  onData(
    isFromInitiator: boolean,
    data: Buffer,
    offset: number,
    length: number,
    context: StreamContext,
  ): void;
  /** Bytes of this direction were never captured; a parser resynchronises or stops. */
  onGap(isFromInitiator: boolean, missingBytes: number): void;
  /**
   * The connection ended (closed, idle, evicted, or the capture ended) and every held byte was
   * delivered. A handler that aggregates reports now; `context.view` is not this connection's
   * packet, so evidence must be what the handler kept.
   */
  onEnd?(context: StreamContext): void;
}

/**
 * A dissector for a protocol carried over TCP. It recognises a connection from its ports and the
 * first payload of either side (so a service on an unusual port is still found), then gets a
 * handler per connection. Listed in `registry.ts` like packet dissectors.
 */
export interface StreamDissector {
  readonly protocol: string;
  /** Called on the first payload packets of an unrecognised connection. */
  detect(view: PacketView, isFromInitiator: boolean): boolean;
  createHandler(endpoints: StreamEndpoints): StreamHandler;
}

/** The client end of a connection, as observations name it. */
export function initiatorOf(endpoints: StreamEndpoints): NetworkEndpoint {
  return { ip: endpoints.initiatorIp, port: endpoints.initiatorPort, mac: endpoints.initiatorMac };
}

/** The server end of a connection, as observations name it. */
export function responderOf(endpoints: StreamEndpoints): NetworkEndpoint {
  return { ip: endpoints.responderIp, port: endpoints.responderPort, mac: endpoints.responderMac };
}

/** What every observation about a connection starts with: when, the packet, and both ends. */
export function connectionFacts(
  endpoints: StreamEndpoints,
  context: StreamContext,
): { timestampMs: number; evidence: Evidence; client: NetworkEndpoint; server: NetworkEndpoint } {
  return {
    timestampMs: context.view.packet.timestampMs,
    evidence: evidenceOf(context.view, context),
    client: initiatorOf(endpoints),
    server: responderOf(endpoints),
  };
}
