import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packetFromFrame } from '../../../test/support/packet-from-frame.js';
import { DecodeCounters } from '../../decode/decode-counters.js';
import { decodePacket } from '../../decode/decode-packet.js';
import { ethernetFrame, ipv6Packet, udpDatagram } from '../../decode/encode-frame.js';
import { PacketView } from '../../decode/packet-view.js';
import type { Observation } from '../../observe/observation.js';
import { DissectCounters } from '../dissector.js';
import { dhcpv6Dissector } from './index.js';

function option(code: number, value: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(code, 0);
  header.writeUInt16BE(value.length, 2);
  return Buffer.concat([header, value]);
}

function dissect(message: Buffer) {
  const source = 'fe80::21a:1ff:fe00:2';
  const frame = ethernetFrame(
    { source: '00:1a:01:00:00:02', destination: '33:33:00:01:00:02', etherType: 0x86dd },
    ipv6Packet(
      { source, destination: 'ff02::1:2', nextHeader: 17 },
      udpDatagram(546, 547, source, 'ff02::1:2', message),
    ),
  );
  const view = new PacketView();
  decodePacket(packetFromFrame(frame), view, new DecodeCounters());
  const observations: Observation[] = [];
  const counters = new DissectCounters();
  if (dhcpv6Dissector.matches(view))
    dhcpv6Dissector.dissect(view, { captureName: 'c', emit: (o) => observations.push(o), counters });
  return { observations, counters };
}

const duidLl = Buffer.from([0, 3, 0, 1, 0x00, 0x1a, 0x01, 0x00, 0x00, 0x02]);

describe('dhcpv6Dissector', () => {
  it('reads a Solicit: DUID-LL with its MAC, a complete FQDN, vendor class and requested options', () => {
    const fqdn = Buffer.concat([
      Buffer.from([0]),
      Buffer.from([4]),
      Buffer.from('pump'),
      Buffer.from([3]),
      Buffer.from('icu'),
      Buffer.from([0]),
    ]);
    const vendor = Buffer.concat([
      Buffer.from([0, 0, 0x01, 0x37]),
      Buffer.from([0, 5]),
      Buffer.from('Alrs9'),
    ]);
    const message = Buffer.concat([
      Buffer.from([1, 0x12, 0x34, 0x56]),
      option(1, duidLl),
      option(39, fqdn),
      option(16, vendor),
      option(6, Buffer.from([0, 23, 0, 24])),
    ]);
    const { observations, counters } = dissect(message);
    expect(counters.malformed).toBe(0);
    expect(observations[0]).toMatchObject({
      messageType: 'solicit',
      isFromClient: true,
      transactionId: 0x123456,
      duidLinkLayerAddress: '00:1a:01:00:00:02',
      fqdn: 'pump.icu',
      vendorClass: '311:Alrs9',
      optionRequestList: [23, 24],
    });
  });

  it('never throws on random messages; each is read, counted as malformed, or a relay left alone', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const { observations, counters } = dissect(Buffer.from(bytes));
        const isRelay = bytes[0] === 12 || bytes[0] === 13;
        expect(observations.length + counters.malformed).toBe(isRelay && bytes.length >= 4 ? 0 : 1);
      }),
      { numRuns: 2_000 },
    );
  });
});
