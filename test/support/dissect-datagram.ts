import fc from 'fast-check';
import { DecodeCounters } from '../../src/decode/decode-counters.js';
import { decodePacket } from '../../src/decode/decode-packet.js';
import { ipv4Packet, udpDatagram } from '../../src/decode/encode-frame.js';
import { PacketView } from '../../src/decode/packet-view.js';
import { DissectCounters, type Dissector } from '../../src/dissect/dissector.js';
import type { Observation } from '../../src/observe/observation.js';
import { packetFromFrame } from './packet-from-frame.js';

/**
 * Runs a packet dissector on one UDP datagram carrying `payload` (a raw IPv4 packet, as an IP
 * link type delivers it), and returns what it emitted and counted.
 */
export function dissectDatagram(
  dissector: Dissector,
  payload: Buffer,
  addressing: { source: string; destination: string; sourcePort: number; destinationPort: number },
) {
  const { source, destination, sourcePort, destinationPort } = addressing;
  const datagram = ipv4Packet(
    { source, destination, protocol: 17 },
    udpDatagram(sourcePort, destinationPort, source, destination, payload),
  );
  const view = new PacketView();
  decodePacket(packetFromFrame(datagram, { linkType: 101 }), view, new DecodeCounters());
  const observations: Observation[] = [];
  const counters = new DissectCounters();
  if (dissector.matches(view))
    dissector.dissect(view, { captureName: 'c', emit: (o) => observations.push(o), counters });
  return { observations, counters };
}

/**
 * Payloads for a datagram dissector's fuzz test: random bytes up to `maxRandomBytes`, or the
 * valid message `valid` with up to `maxEdits` bytes changed.
 */
export function randomOrMutated(
  valid: Buffer,
  maxRandomBytes: number,
  maxEdits: number,
): fc.Arbitrary<Buffer> {
  return fc.oneof(
    fc.uint8Array({ maxLength: maxRandomBytes }).map((bytes) => Buffer.from(bytes)),
    fc
      .array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: maxEdits })
      .map((edits) => {
        const bytes = Buffer.from(valid);
        for (const [at, value] of edits) bytes[at] = value;
        return bytes;
      }),
  );
}
