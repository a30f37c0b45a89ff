import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPastSupport, parseSupportDate, supportStage } from './support-dates.js';

const dayMs = 86_400_000;
const dayArbitrary = fc.integer({ min: Date.UTC(1990, 0, 1) / dayMs, max: Date.UTC(2100, 11, 31) / dayMs });
const dateOf = (day: number) => new Date(day * dayMs).toISOString().slice(0, 10);

describe('support dates', () => {
  it('hold through their last day and end the day after, whatever the month or leap year', () => {
    fc.assert(
      fc.property(dayArbitrary, fc.integer({ min: 0, max: 4_000 }), (patchesEnd, longer) => {
        const support = {
          endOfSale: dateOf(patchesEnd - 365),
          endOfSecurityPatches: dateOf(patchesEnd),
          endOfSupport: dateOf(patchesEnd + longer),
        };
        expect(supportStage(support, dateOf(patchesEnd - 365))).toBe('supported');
        expect(supportStage(support, dateOf(patchesEnd - 364))).toBe('past-end-of-sale');
        expect(supportStage(support, dateOf(patchesEnd))).toBe('past-end-of-sale');
        expect(isPastSupport(supportStage(support, dateOf(patchesEnd)))).toBe(false);
        const dayAfter = supportStage(support, dateOf(patchesEnd + 1));
        expect(dayAfter).toBe(longer === 0 ? 'past-end-of-support' : 'past-end-of-patches');
        expect(isPastSupport(dayAfter)).toBe(true);
        // The last day of support itself is still within it.
        if (longer > 0)
          expect(supportStage(support, dateOf(patchesEnd + longer))).toBe('past-end-of-patches');
        expect(supportStage(support, dateOf(patchesEnd + longer + 1))).toBe('past-end-of-support');
      }),
    );
  });

  it('takes real dates only, and an empty cell as unknown', () => {
    fc.assert(
      fc.property(dayArbitrary, (day) => {
        expect(parseSupportDate(dateOf(day))).toEqual({ date: dateOf(day) });
      }),
    );
    expect(parseSupportDate('2028-02-29')).toEqual({ date: '2028-02-29' });
    expect(parseSupportDate('2027-02-29')).toEqual({
      problem: 'expected a date as YYYY-MM-DD, got "2027-02-29"',
    });
    expect(parseSupportDate('31/12/2027')).toHaveProperty('problem');
    expect(parseSupportDate(' ')).toEqual({ date: null });
    expect(
      supportStage({ endOfSale: null, endOfSupport: null, endOfSecurityPatches: null }, '2099-01-01'),
    ).toBe('supported');
  });
});
