import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packetFromFrame } from '../../../test/support/packet-from-frame.js';
import { DecodeCounters } from '../../decode/decode-counters.js';
import { decodePacket } from '../../decode/decode-packet.js';
import { macBytes } from '../../decode/encode-frame.js';
import { PacketView } from '../../decode/packet-view.js';
import type { Observation } from '../../observe/observation.js';
import { DissectCounters } from '../dissector.js';
import { cdpSnapHeader } from './consts.js';
import { lldpDissector } from './index.js';

function tlv(type: number, value: Buffer): Buffer {
  const header = Buffer.alloc(2);
  header.writeUInt16BE((type << 9) | value.length);
  return Buffer.concat([header, value]);
}

function lldpFrame(body: Buffer): Buffer {
  return Buffer.concat([
    macBytes('01:80:c2:00:00:0e'),
    macBytes('00:09:5c:00:00:01'),
    Buffer.from([0x88, 0xcc]),
    body,
  ]);
}

function cdpFrame(body: Buffer): Buffer {
  const llc = Buffer.concat([cdpSnapHeader, body]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(llc.length);
  return Buffer.concat([macBytes('01:00:0c:cc:cc:cc'), macBytes('00:09:5c:00:00:01'), length, llc]);
}

function dissect(frame: Buffer) {
  const view = new PacketView();
  decodePacket(packetFromFrame(frame), view, new DecodeCounters());
  const observations: Observation[] = [];
  const counters = new DissectCounters();
  const matched = lldpDissector.matches(view);
  if (matched) lldpDissector.dissect(view, { captureName: 'c', emit: (o) => observations.push(o), counters });
  return { observations, counters, matched };
}

describe('lldpDissector', () => {
  it('reads chassis MAC, name, description, capabilities and an IPv4 management address', () => {
    const body = Buffer.concat([
      tlv(1, Buffer.from([4, 0x00, 0x09, 0x5c, 0, 0, 1])),
      tlv(2, Buffer.concat([Buffer.from([5]), Buffer.from('port 3')])),
      tlv(3, Buffer.from([0, 120])),
      tlv(5, Buffer.from('bedside-12')),
      tlv(6, Buffer.from('Patient monitor MX450')),
      tlv(7, Buffer.from([0, 0x84, 0, 0x80])),
      tlv(8, Buffer.from([5, 1, 10, 1, 2, 3, 2, 0, 0, 0, 1, 0])),
      tlv(0, Buffer.alloc(0)),
    ]);
    const { observations, counters } = dissect(lldpFrame(body));
    expect(counters.malformed).toBe(0);
    expect(observations[0]).toMatchObject({
      protocol: 'lldp',
      sourceMac: '00:09:5c:00:00:01',
      chassisId: '00:09:5c:00:00:01',
      portId: 'port 3',
      systemName: 'bedside-12',
      systemDescription: 'Patient monitor MX450',
      capabilities: ['station'],
      managementAddress: '10.1.2.3',
    });
  });

  it('never throws on random LLDP or CDP bodies; each frame is an advertisement or a malformed count', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 300 }), fc.boolean(), (bytes, isCdp) => {
        const body = Buffer.from(bytes);
        const { observations, counters, matched } = dissect(isCdp ? cdpFrame(body) : lldpFrame(body));
        expect(matched).toBe(true);
        expect(observations.length + counters.malformed).toBe(1);
      }),
      { numRuns: 2_000 },
    );
  });
});
