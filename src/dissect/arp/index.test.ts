import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packetFromFrame } from '../../../test/support/packet-from-frame.js';
import { DecodeCounters } from '../../decode/decode-counters.js';
import { decodePacket } from '../../decode/decode-packet.js';
import { arpPacket, ethernetFrame } from '../../decode/encode-frame.js';
import { PacketView } from '../../decode/packet-view.js';
import type { Observation } from '../../observe/observation.js';
import { DissectCounters } from '../dissector.js';
import { arpDissector } from './index.js';

const monitorMac = '00:a0:37:31:02:11';

function dissect(arp: Buffer) {
  const view = new PacketView();
  decodePacket(
    packetFromFrame(
      ethernetFrame({ source: monitorMac, destination: 'ff:ff:ff:ff:ff:ff', etherType: 0x0806 }, arp),
    ),
    view,
    new DecodeCounters(),
  );
  const observations: Observation[] = [];
  const counters = new DissectCounters();
  if (arpDissector.matches(view))
    arpDissector.dissect(view, { captureName: 'c', emit: (o) => observations.push(o), counters });
  return { observations, counters };
}

describe('arpDissector', () => {
  it('binds the sender of a request to its address', () => {
    const { observations } = dissect(
      arpPacket({
        operation: 1,
        senderMac: monitorMac,
        senderIp: '10.1.0.9',
        targetMac: '00:00:00:00:00:00',
        targetIp: '10.1.0.1',
      }),
    );
    expect(observations).toEqual([
      expect.objectContaining({
        kind: 'arp.binding',
        mac: monitorMac,
        ip: '10.1.0.9',
        operation: 'request',
        isGratuitous: false,
      }),
    ]);
  });

  it('marks gratuitous ARP and names only the MAC of a probe', () => {
    const gratuitous = dissect(
      arpPacket({
        operation: 2,
        senderMac: monitorMac,
        senderIp: '10.1.0.9',
        targetMac: 'ff:ff:ff:ff:ff:ff',
        targetIp: '10.1.0.9',
      }),
    );
    expect(gratuitous.observations[0]).toMatchObject({ isGratuitous: true, operation: 'reply' });
    const probe = dissect(
      arpPacket({
        operation: 1,
        senderMac: monitorMac,
        senderIp: '0.0.0.0',
        targetMac: '00:00:00:00:00:00',
        targetIp: '10.1.0.9',
      }),
    );
    expect(probe.observations[0]).toMatchObject({ mac: monitorMac, ip: undefined });
  });

  it('ignores group and zero sender MACs and counts unknown operations', () => {
    expect(
      dissect(
        arpPacket({
          operation: 1,
          senderMac: '01:00:5e:00:00:01',
          senderIp: '10.1.0.9',
          targetMac: '00:00:00:00:00:00',
          targetIp: '10.1.0.1',
        }),
      ).observations,
    ).toEqual([]);
    const unknown = arpPacket({
      operation: 1,
      senderMac: monitorMac,
      senderIp: '10.1.0.9',
      targetMac: '00:00:00:00:00:00',
      targetIp: '10.1.0.1',
    });
    unknown.writeUInt16BE(9, 6);
    const result = dissect(unknown);
    expect(result.observations).toEqual([]);
    expect(result.counters.malformedByProtocol.get('arp')).toBe(1);
  });

  it('never throws on random ARP bodies; at most one binding each, or a malformed count', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 60 }), (bytes) => {
        const { observations, counters } = dissect(Buffer.from(bytes));
        expect(observations.length + counters.malformed).toBeLessThanOrEqual(1);
      }),
      { numRuns: 2_000 },
    );
  });
});
