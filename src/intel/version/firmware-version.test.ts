import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalVersion, compareFirmwareVersions } from './firmware-version.js';

const versionText = fc.stringMatching(/^[0-9a-zA-Z._\- ]{0,16}$/);
const tokenList = fc.array(fc.oneof(fc.stringMatching(/^[0-9]{1,20}$/), fc.stringMatching(/^[a-z]{1,4}$/)), {
  minLength: 1,
  maxLength: 8,
});

describe('compareFirmwareVersions', () => {
  it('orders the firmware strings manufacturers write as their release notes do', () => {
    const ascending = [
      '1.0rc1',
      '1',
      '1.0.0.1234',
      '1.0.1',
      '1.2',
      '1.10',
      '2.3.1',
      'V2.3.1_SP2',
      '2.3.2',
      '4.10.2',
      '4.10.2a',
      '4.10.2b',
      '4.10.10',
      '9.2',
      '9.11',
      '12.1.3',
      'B.06.12',
      'B.06.18',
      'C.00.04',
    ];
    for (let index = 1; index < ascending.length; index += 1) {
      expect(compareFirmwareVersions(ascending[index - 1] as string, ascending[index] as string)).toBe(-1);
    }
    expect(compareFirmwareVersions('1.0', '1.0.0')).toBe(0);
    expect(compareFirmwareVersions('V2.3', '2.3')).toBe(0);
    expect(compareFirmwareVersions('5.09.02', '5.9.2')).toBe(0);
    expect(compareFirmwareVersions('99999999999999999999', '99999999999999999998')).toBe(1);
  });

  it('is a total order: reflexive, antisymmetric and transitive', () => {
    fc.assert(
      fc.property(versionText, versionText, versionText, (a, b, c) => {
        expect(compareFirmwareVersions(a, a)).toBe(0);
        expect(compareFirmwareVersions(a, b)).toBe(-compareFirmwareVersions(b, a) || 0);
        const sorted = [a, b, c].sort(compareFirmwareVersions);
        expect(compareFirmwareVersions(sorted[0] as string, sorted[2] as string)).toBeLessThanOrEqual(0);
        if (compareFirmwareVersions(a, b) <= 0 && compareFirmwareVersions(b, c) <= 0) {
          expect(compareFirmwareVersions(a, c)).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('calls two versions equal exactly when their canonical forms are the same', () => {
    fc.assert(
      fc.property(versionText, versionText, (a, b) => {
        expect(compareFirmwareVersions(a, b) === 0).toBe(canonicalVersion(a) === canonicalVersion(b));
      }),
      { numRuns: 3000 },
    );
  });

  it('round-trips through its canonical form, whatever separators were used', () => {
    fc.assert(
      fc.property(tokenList, fc.constantFrom('.', '-', '_', ' '), (tokens, separator) => {
        const written = tokens.join(separator);
        const canonical = canonicalVersion(written);
        expect(canonicalVersion(canonical)).toBe(canonical);
        expect(compareFirmwareVersions(written, canonical)).toBe(0);
        expect(compareFirmwareVersions(written, tokens.join('.'))).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('sorts consistently: every earlier element of a sorted list is at most every later one', () => {
    fc.assert(
      fc.property(fc.array(versionText, { maxLength: 20 }), (versions) => {
        const sorted = [...versions].sort(compareFirmwareVersions);
        for (let i = 0; i < sorted.length; i += 1) {
          for (let j = i + 1; j < sorted.length; j += 1) {
            expect(compareFirmwareVersions(sorted[i] as string, sorted[j] as string)).toBeLessThanOrEqual(0);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
