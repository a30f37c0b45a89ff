import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareFirmwareVersions } from './firmware-version.js';
import { parseRangeText } from './range-text.js';
import { describeRange, rangeFromBounds, rangeVerdict } from './version-range.js';

describe('parseRangeText', () => {
  it('reads the range notations of real ICSMA advisories', () => {
    const cases: [text: string, inside: string[], outside: string[]][] = [
      ['<=12.1.3', ['12.1.3', '12.1.2', '9.19'], ['12.1.4', '12.3.1']],
      ['< B.06.18', ['B.06.12', 'A.99'], ['B.06.18', 'C.00.01']],
      ['>= 1.3.4 | < 1.5.3', ['1.3.4', '1.5.2b'], ['1.3.3', '1.5.3']],
      ['<= U61 |<= L81', ['L80', 'U61', 'M1'], ['U62']],
      ['5.0|5.1', ['5.0', '5.1.0'], ['5.2', '5.0.1']],
      ['<= 12.2.x.x', ['12.2.9.1', '12.1'], ['12.3']],
      ['2.3.6 and  below', ['2.3.6', '1.0'], ['2.3.7']],
      ['vers:generic/>=1.0|<2.0', ['1.0', '1.9.9'], ['2.0', '0.9']],
      ['vers:all/*', ['anything at all'], []],
      ['4.X | 5.X', ['4.2', '5.0.1'], ['6.0', '3.9']],
    ];
    for (const [text, inside, outside] of cases) {
      const range = parseRangeText(text);
      for (const version of inside)
        expect([text, version, rangeVerdict(range, version)]).toEqual([text, version, 'inside']);
      for (const version of outside)
        expect([text, version, rangeVerdict(range, version)]).toEqual([text, version, 'outside']);
    }
  });

  it('keeps words after the version as a condition and says what it could not read', () => {
    const windows = parseRangeText('<=11.2 on Windows 8.1 with IIS 7.5');
    expect(describeRange(windows)).toBe('<= 11.2 (on Windows 8.1 with IIS 7.5)');
    expect(rangeVerdict(parseRangeText('< april 1, 2018'), '1.0')).toBe('unknown');
    expect(describeRange(parseRangeText('<May 2018'))).toContain('a date, not a version');
    expect(rangeVerdict(parseRangeText('Accu-Chek Inform II'), '1.0')).toBe('unknown');
    expect(rangeVerdict(parseRangeText('<= 9.33.1'), null)).toBe('unknown');
  });

  it('never throws on any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 12 }), (text, version) => {
        const range = parseRangeText(text);
        expect(['inside', 'outside', 'unknown']).toContain(rangeVerdict(range, version));
        expect(typeof describeRange(range)).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });

  it('puts a version inside ">= a | <= b" exactly when a <= version <= b', () => {
    const version = fc
      .array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 4 })
      .map((parts) => parts.join('.'));
    fc.assert(
      fc.property(version, version, version, (a, b, x) => {
        const [low, high] = [a, b].sort(compareFirmwareVersions) as [string, string];
        const expected = compareFirmwareVersions(low, x) <= 0 && compareFirmwareVersions(x, high) <= 0;
        expect(rangeVerdict(parseRangeText(`>= ${low} | <= ${high}`), x)).toBe(
          expected ? 'inside' : 'outside',
        );
        const fromBounds = rangeFromBounds({ startIncluding: low, endExcluding: high });
        const strictlyBelow = compareFirmwareVersions(low, x) <= 0 && compareFirmwareVersions(x, high) < 0;
        expect(rangeVerdict(fromBounds, x)).toBe(strictlyBelow ? 'inside' : 'outside');
      }),
      { numRuns: 2000 },
    );
  });
});
