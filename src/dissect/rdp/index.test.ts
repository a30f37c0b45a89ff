import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedStream } from '../../../test/support/feed-stream.js';
import { rdpDissector } from './index.js';

function tpkt(x224: Buffer): Buffer {
  const header = Buffer.from([3, 0, 0, 0]);
  header.writeUInt16BE(4 + x224.length, 2);
  return Buffer.concat([header, x224]);
}

function negotiation(type: number, value: number): Buffer {
  const structure = Buffer.from([type, 0, 8, 0, 0, 0, 0, 0]);
  structure.writeUInt32LE(value, 4);
  return structure;
}

function x224(code: number, userData: Buffer): Buffer {
  return Buffer.concat([Buffer.from([6 + userData.length, code, 0, 0, 0x12, 0x34, 0]), userData]);
}

const request = tpkt(
  x224(0xe0, Buffer.concat([Buffer.from('Cookie: mstshash=biomed\r\n'), negotiation(1, 0b1011)])),
);
const confirm = tpkt(x224(0xd0, negotiation(2, 0)));

describe('rdpDissector', () => {
  it('reads the protocols requested and the one selected, without the cookie user', () => {
    const { observations, counters } = feedStream(rdpDissector, [
      { fromInitiator: true, bytes: request },
      { fromInitiator: false, bytes: confirm },
    ]);
    expect(counters.malformed).toBe(0);
    expect(observations).toEqual([
      expect.objectContaining({
        kind: 'rdp.negotiation',
        requestedProtocols: ['tls', 'credssp', 'credssp-early-user-auth'],
        hasCookie: true,
        selectedProtocol: 'rdp',
        failureCode: undefined,
      }),
    ]);
    expect(JSON.stringify(observations)).not.toContain('biomed');
  });

  it('reports a refusal with its failure code', () => {
    const refusal = tpkt(x224(0xd0, negotiation(3, 5)));
    const { observations } = feedStream(rdpDissector, [
      { fromInitiator: true, bytes: request },
      { fromInitiator: false, bytes: refusal },
    ]);
    expect(observations[0]).toMatchObject({ selectedProtocol: undefined, failureCode: 5 });
  });

  it('never throws on mutated or random bytes, and reports at most one negotiation', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.array(fc.record({ fromInitiator: fc.boolean(), bytes: fc.uint8Array({ maxLength: 100 }) }), {
          maxLength: 6,
        }),
        (mutations, random) => {
          const pieces = [request, confirm].map((bytes, index) => {
            const copy = Buffer.from(bytes);
            for (const [at, value] of mutations) copy[at % copy.length] = value;
            return { fromInitiator: index === 0, bytes: copy };
          });
          const all = [
            ...pieces,
            ...random.map((p) => ({ fromInitiator: p.fromInitiator, bytes: Buffer.from(p.bytes) })),
          ];
          const { observations } = feedStream(rdpDissector, all);
          expect(observations.length).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
