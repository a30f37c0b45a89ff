import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitTimestampUnits } from './timestamp-units.js';

describe('splitTimestampUnits', () => {
  // Seconds are exact up to 2^53 (285 million years), which bounds the counts worth testing.
  const countAndExponent = fc
    .integer({ min: 0, max: 9 })
    .chain((exponent) =>
      fc.tuple(
        fc.bigInt({ min: 0n, max: min(2n ** 64n - 1n, 2n ** 53n * 10n ** BigInt(exponent) - 1n) }),
        fc.constant(exponent),
      ),
    );

  it('matches exact BigInt division for every 64-bit count and decimal resolution', () => {
    fc.assert(
      fc.property(countAndExponent, ([units, exponent]) => {
        const unitsPerSecond = 10n ** BigInt(exponent);
        const into = { timestampSeconds: 0, timestampNanoseconds: 0 };
        splitTimestampUnits(Number(units >> 32n), Number(units & 0xffffffffn), Number(unitsPerSecond), into);
        expect(BigInt(into.timestampSeconds)).toBe(units / unitsPerSecond);
        expect(BigInt(into.timestampNanoseconds)).toBe(
          ((units % unitsPerSecond) * 1_000_000_000n) / unitsPerSecond,
        );
      }),
    );
  });
});

function min(left: bigint, right: bigint): bigint {
  return left < right ? left : right;
}
