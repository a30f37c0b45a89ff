import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedStream } from '../../../test/support/feed-stream.js';
import { modbusDissector } from './index.js';

function mbap(transaction: number, unit: number, pdu: number[]): Buffer {
  const header = Buffer.alloc(7);
  header.writeUInt16BE(transaction, 0);
  header.writeUInt16BE(pdu.length + 1, 4);
  header[6] = unit;
  return Buffer.concat([header, Buffer.from(pdu)]);
}

describe('modbusDissector', () => {
  it('reports each unit and function once per connection, with writes and exceptions marked', () => {
    const polls = [1, 2, 3].flatMap((transaction) => [
      { fromInitiator: true, bytes: mbap(transaction, 7, [3, 0, 0, 0, 2]) },
      { fromInitiator: false, bytes: mbap(transaction, 7, [3, 4, 0, 1, 0, 2]) },
    ]);
    const write = [
      { fromInitiator: true, bytes: mbap(4, 7, [16, 0, 1, 0, 1, 2, 0, 9]) },
      { fromInitiator: false, bytes: mbap(4, 7, [0x90, 2]) },
    ];
    const { observations, counters } = feedStream(modbusDissector, [...polls, ...write]);
    expect(counters.malformed).toBe(0);
    expect(
      observations.map((o) =>
        o.kind === 'modbus.message'
          ? [o.isRequest, o.unitId, o.functionName, o.isWrite, o.exceptionCode]
          : [],
      ),
    ).toEqual([
      [true, 7, 'read-holding-registers', false, undefined],
      [false, 7, 'read-holding-registers', false, undefined],
      [true, 7, 'write-multiple-registers', true, undefined],
      [false, 7, 'write-multiple-registers', true, 2],
    ]);
  });

  it('never throws on random bytes, and reports a bounded number of combinations', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ fromInitiator: fc.boolean(), bytes: fc.uint8Array({ maxLength: 300 }) }), {
          maxLength: 10,
        }),
        (random) => {
          const pieces = [
            { fromInitiator: true, bytes: mbap(1, 1, [3, 0, 0, 0, 1]) },
            ...random.map((p) => ({ fromInitiator: p.fromInitiator, bytes: Buffer.from(p.bytes) })),
          ];
          expect(feedStream(modbusDissector, pieces).observations.length).toBeLessThanOrEqual(64);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
