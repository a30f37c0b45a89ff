import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dissectDatagram, randomOrMutated } from '../../../test/support/dissect-datagram.js';
import { bacnetDissector } from './index.js';

function dissect(payload: Buffer) {
  return dissectDatagram(bacnetDissector, payload, {
    source: '10.6.0.9',
    destination: '10.6.0.255',
    sourcePort: 47808,
    destinationPort: 47808,
  });
}

/** An I-Am from device 259873 of vendor 5, broadcast, as a controller answers Who-Is. */
const iAm = Buffer.from([
  0x81, 0x0b, 0x00, 0x18, 0x01, 0x20, 0xff, 0xff, 0x00, 0xff, 0x10, 0x00, 0xc4, 0x02, 0x03, 0xf7, 0x21, 0x22,
  0x05, 0xc4, 0x91, 0x03, 0x21, 0x05,
]);

describe('bacnetDissector', () => {
  it('reads an I-Am behind a global-broadcast NPDU: device instance, max APDU, vendor', () => {
    const { observations, counters } = dissect(iAm);
    expect(counters.malformed).toBe(0);
    expect(observations[0]).toMatchObject({
      kind: 'bacnet.message',
      bvlcFunction: 'original-broadcast-npdu',
      apduType: 'unconfirmed-request',
      service: 'i-am',
      // Object identifier 0x0203f721: type 8 (device) in the top 10 bits, instance 0x03f721.
      deviceInstance: 0x03f721,
      maxApdu: 1476,
      vendorId: 5,
    });
  });

  it('never throws on random or mutated payloads; each is a message or a malformed count', () => {
    fc.assert(
      fc.property(randomOrMutated(iAm, 80, 5), (payload) => {
        const { observations, counters } = dissect(payload);
        expect(observations.length + counters.malformed).toBe(1);
      }),
      { numRuns: 2_000 },
    );
  });
});
