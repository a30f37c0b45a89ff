import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dissectDatagram } from '../../../test/support/dissect-datagram.js';
import { ntpDissector } from './index.js';

function dissect(payload: Buffer) {
  return dissectDatagram(ntpDissector, payload, {
    source: '10.4.0.1',
    destination: '10.4.0.2',
    sourcePort: 123,
    destinationPort: 123,
  });
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
