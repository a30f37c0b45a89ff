import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dissectDatagram, randomOrMutated } from '../../../test/support/dissect-datagram.js';
import { nbnsDissector } from './index.js';

function dissect(payload: Buffer) {
  return dissectDatagram(nbnsDissector, payload, {
    source: '10.5.0.7',
    destination: '10.5.0.255',
    sourcePort: 137,
    destinationPort: 137,
  });
}

/** First-level encoding (RFC 1001 §14.1) of a name padded to 15 characters plus its type byte. */
function encodedName(name: string, suffix: number): Buffer {
  const raw = Buffer.concat([Buffer.from(name.padEnd(15, ' '), 'latin1'), Buffer.from([suffix])]);
  const letters = [...raw].flatMap((byte) => [0x41 + (byte >> 4), 0x41 + (byte & 0x0f)]);
  return Buffer.from([32, ...letters, 0]);
}

/** A name registration (opcode 5) of `name<suffix>` for 10.5.0.7, as nmbd broadcasts it. */
function registration(name: string, suffix: number): Buffer {
  const header = Buffer.from([0x12, 0x34, 0x29, 0x10, 0, 1, 0, 0, 0, 0, 0, 1]);
  const question = Buffer.concat([encodedName(name, suffix), Buffer.from([0, 0x20, 0, 1])]);
  const record = Buffer.from([0xc0, 12, 0, 0x20, 0, 1, 0, 0, 0x0f, 0xa0, 0, 6, 0, 0, 10, 5, 0, 7]);
  return Buffer.concat([header, question, record]);
}

describe('nbnsDissector', () => {
  it('reads a registration: opcode, name, type and bound address', () => {
    expect(dissect(registration('INFUSION-GW', 0x20)).observations[0]).toMatchObject({
      kind: 'nbns.message',
      opcode: 'registration',
      isResponse: false,
      name: 'INFUSION-GW',
      suffix: 0x20,
      records: [{ name: 'INFUSION-GW', suffix: 0x20, isGroup: false, address: '10.5.0.7' }],
    });
  });

  it('never throws on random or mutated payloads; each is a message or a malformed count', () => {
    const valid = registration('LAB-ANALYSER', 0x00);
    fc.assert(
      fc.property(randomOrMutated(valid, 120, 6), (payload) => {
        const { observations, counters } = dissect(payload);
        expect(observations.length + counters.malformed).toBe(1);
      }),
      { numRuns: 2_000 },
    );
  });
});
