import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packetFromFrame } from '../../../test/support/packet-from-frame.js';
import { DecodeCounters } from '../../decode/decode-counters.js';
import { decodePacket } from '../../decode/decode-packet.js';
import { ethernetFrame, ipv4Packet, udpDatagram } from '../../decode/encode-frame.js';
import { PacketView } from '../../decode/packet-view.js';
import type { Observation } from '../../observe/observation.js';
import { DissectCounters } from '../dissector.js';
import { readBerElement, readBerOid } from './ber.js';
import { snmpDissector } from './index.js';

function tlv(tag: number, contents: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag, contents.length]), contents]);
}

/** A v2c GetResponse carrying sysName, built by hand from RFC 3416's layout. */
function getResponse(community: string): Buffer {
  const sysNameOid = Buffer.from([0x2b, 6, 1, 2, 1, 1, 5, 0]);
  const binding = tlv(0x30, Buffer.concat([tlv(0x06, sysNameOid), tlv(0x04, Buffer.from('ward-7-monitor'))]));
  const pdu = tlv(
    0xa2,
    Buffer.concat([
      tlv(0x02, Buffer.from([1])),
      tlv(0x02, Buffer.from([0])),
      tlv(0x02, Buffer.from([0])),
      tlv(0x30, binding),
    ]),
  );
  return tlv(0x30, Buffer.concat([tlv(0x02, Buffer.from([1])), tlv(0x04, Buffer.from(community)), pdu]));
}

function dissect(payload: Buffer) {
  const frame = ethernetFrame(
    { source: '00:a0:37:00:00:01', destination: '00:50:56:00:00:02', etherType: 0x0800 },
    ipv4Packet(
      { source: '10.3.0.1', destination: '10.3.0.2', protocol: 17 },
      udpDatagram(161, 40000, '10.3.0.1', '10.3.0.2', payload),
    ),
  );
  const view = new PacketView();
  decodePacket(packetFromFrame(frame), view, new DecodeCounters());
  const observations: Observation[] = [];
  const counters = new DissectCounters();
  if (snmpDissector.matches(view))
    snmpDissector.dissect(view, { captureName: 'c', emit: (o) => observations.push(o), counters });
  return { observations, counters };
}

describe('snmpDissector', () => {
  it('reads a response: version, PDU type, sysName, and only whether the community is a default', () => {
    const { observations } = dissect(getResponse('private'));
    expect(observations).toEqual([
      expect.objectContaining({
        version: 'v2c',
        pduType: 'response',
        sysName: 'ward-7-monitor',
        isDefaultCommunity: true,
      }),
    ]);
    expect(dissect(getResponse('Zx81-secret')).observations[0]).toMatchObject({ isDefaultCommunity: false });
    expect(JSON.stringify(dissect(getResponse('Zx81-secret')).observations)).not.toContain('Zx81');
  });

  it('decodes object identifiers, including the first two arcs and multi-byte arcs', () => {
    const oid = Buffer.from([0x06, 0x07, 0x2b, 0x06, 0x01, 0x04, 0x01, 0xbf, 0x08]);
    expect(readBerOid(oid, readBerElement(oid, 0, oid.length)!)).toBe('1.3.6.1.4.1.8072');
  });

  it('never throws on mutated or random messages; what it cannot read is counted', () => {
    const valid = getResponse('public');
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 8 }),
        fc.uint8Array({ maxLength: 64 }),
        (edits, tail) => {
          const bytes = Buffer.concat([valid, Buffer.from(tail)]);
          for (const edit of edits) bytes[edit.at % bytes.length] = edit.value;
          const { observations, counters } = dissect(bytes);
          expect(observations.length + counters.malformed).toBe(1);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
