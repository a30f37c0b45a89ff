import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packetFromFrame } from '../../../test/support/packet-from-frame.js';
import { DecodeCounters } from '../../decode/decode-counters.js';
import { decodePacket } from '../../decode/decode-packet.js';
import { ethernetFrame, ipv4Packet, udpDatagram } from '../../decode/encode-frame.js';
import { PacketView } from '../../decode/packet-view.js';
import type { Observation } from '../../observe/observation.js';
import { DissectCounters } from '../dissector.js';
import { dnsDissector } from './index.js';
import type { DnsMessageObservation } from './observation.js';

function name(text: string): Buffer {
  return Buffer.concat([
    ...text.split('.').map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label)])),
    Buffer.from([0]),
  ]);
}

function header(id: number, flags: number, counts: [number, number, number, number]): Buffer {
  const bytes = Buffer.alloc(12);
  bytes.writeUInt16BE(id, 0);
  bytes.writeUInt16BE(flags, 2);
  counts.forEach((count, index) => {
    bytes.writeUInt16BE(count, 4 + index * 2);
  });
  return bytes;
}

function record(owner: Buffer, type: number, rdata: Buffer): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(type, 0);
  fixed.writeUInt16BE(1, 2);
  fixed.writeUInt32BE(120, 4);
  fixed.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([owner, fixed, rdata]);
}

function dissect(message: Buffer, ports: [number, number] = [5353, 5353]) {
  const frame = ethernetFrame(
    { source: '00:1a:01:00:00:09', destination: '01:00:5e:00:00:fb', etherType: 0x0800 },
    ipv4Packet(
      { source: '10.2.0.9', destination: '224.0.0.251', protocol: 17 },
      udpDatagram(ports[0], ports[1], '10.2.0.9', '224.0.0.251', message),
    ),
  );
  const view = new PacketView();
  decodePacket(packetFromFrame(frame), view, new DecodeCounters());
  const observations: Observation[] = [];
  const counters = new DissectCounters();
  if (dnsDissector.matches(view))
    dnsDissector.dissect(view, { captureName: 'c', emit: (o) => observations.push(o), counters });
  return { observations: observations as DnsMessageObservation[], counters };
}

describe('dnsDissector', () => {
  it('reads an mDNS announcement with compressed names: the device, its address and its service', () => {
    const host = name('infusion-07.local');
    const message = Buffer.concat([
      header(0, 0x8400, [0, 2, 0, 0]),
      record(host, 1, Buffer.from([10, 2, 0, 9])),
      // PTR _ipp._tcp.local → "Pump 07._ipp._tcp.local", the target compressed against the owner at offset 12 + 40.
      record(
        name('_ipp._tcp.local'),
        12,
        Buffer.concat([Buffer.from([7]), Buffer.from('Pump 07'), Buffer.from([0xc0, 12 + host.length + 14])]),
      ),
    ]);
    const { observations, counters } = dissect(message);
    expect(counters.malformed).toBe(0);
    expect(observations[0]).toMatchObject({
      protocol: 'mdns',
      isResponse: true,
      sender: { ip: '10.2.0.9', port: 5353 },
      answers: [
        { name: 'infusion-07.local', type: 'A', value: '10.2.0.9' },
        { name: '_ipp._tcp.local', type: 'PTR', value: 'Pump 07._ipp._tcp.local' },
      ],
    });
  });

  it('counts a name whose compression pointers loop as malformed', () => {
    const loop = Buffer.concat([
      header(1, 0x0100, [1, 0, 0, 0]),
      Buffer.from([0xc0, 12]),
      Buffer.from([0, 1, 0, 1]),
    ]);
    const { observations, counters } = dissect(loop, [40000, 53]);
    expect(observations).toEqual([]);
    expect(counters.malformedByProtocol.get('dns')).toBe(1);
  });

  it('never throws on random bytes on any DNS-family port', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 12, maxLength: 512 }),
        fc.constantFrom(53, 5353, 5355),
        (bytes, port) => {
          const { observations, counters } = dissect(Buffer.from(bytes), [port, port]);
          expect(observations.length + counters.malformed).toBe(1);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
