import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packetFromFrame } from '../../../test/support/packet-from-frame.js';
import { DecodeCounters } from '../../decode/decode-counters.js';
import { decodePacket } from '../../decode/decode-packet.js';
import { ipv4Packet, udpDatagram } from '../../decode/encode-frame.js';
import { PacketView } from '../../decode/packet-view.js';
import type { Observation } from '../../observe/observation.js';
import { DissectCounters } from '../dissector.js';
import { ntpDissector } from './index.js';

function dissect(payload: Buffer) {
  const datagram = ipv4Packet(
    { source: '10.4.0.1', destination: '10.4.0.2', protocol: 17 },
    udpDatagram(123, 123, '10.4.0.1', '10.4.0.2', payload),
  );
  const view = new PacketView();
  decodePacket(packetFromFrame(datagram, { linkType: 101 }), view, new DecodeCounters());
  const observations: Observation[] = [];
  const counters = new DissectCounters();
  if (ntpDissector.matches(view))
    ntpDissector.dissect(view, { captureName: 'c', emit: (o) => observations.push(o), counters });
  return { observations, counters };
}

describe('ntpDissector', () => {
  it('reads a stratum-1 server reply with its clock name', () => {
    const reply = Buffer.alloc(48);
    reply[0] = (4 << 3) | 4;
    reply[1] = 1;
    Buffer.from('GPS\u0000').copy(reply, 12);
    expect(dissect(reply).observations[0]).toMatchObject({
      version: 4,
      mode: 'server',
      stratum: 1,
      referenceId: 'GPS',
    });
  });

  it('never throws on random payloads; each is a message or a malformed count', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
        const { observations, counters } = dissect(Buffer.from(bytes));
        expect(observations.length + counters.malformed).toBe(1);
      }),
      { numRuns: 2_000 },
    );
  });
});
