import { evidenceOf } from '../dissector.js';
import { type Framing, MessageFramer } from '../message-framer.js';
import type { Protocol } from '../protocol.js';
import {
  initiatorOf,
  responderOf,
  type StreamContext,
  type StreamDissector,
  type StreamEndpoints,
  type StreamHandler,
} from '../stream-dissector.js';
import {
  maxConnectionPduBytes,
  RdpNegotiationType,
  rdpProtocolNames,
  tpktVersion,
  X224Code,
} from './consts.js';
import { isRdpStart } from './detect.js';
import { foldRdp } from './fold.js';
import type { RdpNegotiationObservation } from './observation.js';

/** TPKT (RFC 1006 §6): version 3, a reserved byte, and the length of the whole packet. */
const tpktFraming: Framing = {
  headerBytes: 4,
  bodyLengthOf: (header, at) => {
    if (header[at] !== tpktVersion) return undefined;
    const length = header.readUInt16BE(at + 2);
    return length < 4 ? undefined : length - 4;
  },
};

const cookiePrefix = Buffer.from('Cookie: ', 'latin1');

/**
 * RDP connection setup ([MS-RDPBCGR] §1.3.1.1): the client's X.224 connection request names the
 * security protocols it can use, and the server's confirm the one it chose, or why it refused.
 * A server that settles for standard RDP security or TLS without CredSSP accepts logins before
 * any network-level authentication. Everything after the confirm is encrypted and not read.
 */
export const rdpDissector: StreamDissector = {
  protocol: 'rdp',
  detect: isRdpStart,
  createHandler: (endpoints) => new RdpConnection(endpoints),
};

class RdpConnection implements StreamHandler {
  readonly #framers: [MessageFramer, MessageFramer] = [
    new MessageFramer(tpktFraming, maxConnectionPduBytes),
    new MessageFramer(tpktFraming, maxConnectionPduBytes),
  ];
  #requestedProtocols: string[] | undefined;
  #hasCookie = false;

  constructor(readonly endpoints: StreamEndpoints) {}

  onData(
    isFromInitiator: boolean,
    data: Buffer,
    offset: number,
    length: number,
    context: StreamContext,
  ): void {
    const framer = this.#framers[isFromInitiator ? 0 : 1];
    const result = framer.push(data, offset, length, (message, start, end, isWhole) => {
      // Only the first packet of each side is connection setup; the rest is TLS or encrypted RDP.
      framer.stop();
      if (!isWhole || !this.#readConnectionPdu(message, start + 4, end, isFromInitiator, context))
        context.counters.countMalformed('rdp');
    });
    if (result === 'malformed') context.counters.countMalformed('rdp');
  }

  onGap(isFromInitiator: boolean): void {
    this.#framers[isFromInitiator ? 0 : 1].stop();
  }

  /** An X.224 CR or CC TPDU (ITU-T X.224 §13.3): length indicator, code, references, class; then user data. */
  #readConnectionPdu(
    data: Buffer,
    start: number,
    end: number,
    isFromInitiator: boolean,
    context: StreamContext,
  ) {
    if (end - start < 7) return false;
    const headerEnd = start + 1 + data[start]!;
    const code = data[start + 1]! & 0xf0;
    if (
      headerEnd > end ||
      code !== (isFromInitiator ? X224Code.connectionRequest : X224Code.connectionConfirm)
    )
      return false;
    let at = start + 7;
    if (isFromInitiator) {
      // A routing token or `Cookie: mstshash=<user>` line may precede the negotiation request.
      if (data.subarray(at, at + cookiePrefix.length).equals(cookiePrefix)) {
        this.#hasCookie = true;
        const lineEnd = data.indexOf('\r\n', at, 'latin1');
        at = lineEnd < 0 || lineEnd >= end ? end : lineEnd + 2;
      }
      this.#requestedProtocols =
        end - at >= 8 && data[at] === RdpNegotiationType.request
          ? rdpProtocolNames(data.readUInt32LE(at + 4))
          : ['rdp'];
      return true;
    }
    const type = end - at >= 8 ? data[at] : undefined;
    const selected =
      type === RdpNegotiationType.response ? rdpProtocolNames(data.readUInt32LE(at + 4))[0] : undefined;
    context.emit({
      kind: 'rdp.negotiation',
      timestampMs: context.view.packet.timestampMs,
      evidence: evidenceOf(context.view, context),
      client: initiatorOf(this.endpoints),
      server: responderOf(this.endpoints),
      requestedProtocols: this.#requestedProtocols ?? [],
      hasCookie: this.#hasCookie,
      // A confirm without negotiation data comes from a server that only knows standard RDP security.
      selectedProtocol: type === undefined ? 'rdp' : selected,
      failureCode: type === RdpNegotiationType.failure ? data.readUInt32LE(at + 4) : undefined,
    });
    return true;
  }
}

/** RDP: its dissector, observations and what they tell about devices (see `../protocol.ts`). */
export const rdpProtocol: Protocol<RdpNegotiationObservation> = {
  name: 'rdp',
  streamDissector: rdpDissector,
  kinds: ['rdp.negotiation'],
  fold: foldRdp,
};
