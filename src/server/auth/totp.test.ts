import { describe, expect, it } from 'vitest';
import { acceptedTotpStep, totpCode, totpUri } from './totp.js';

// RFC 6238 Appendix B: the SHA-1 seed "12345678901234567890" in base32; its eight-digit codes end
// in the six digits an authenticator shows.
const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const rfcVectors: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(rfcVectors)('gives the RFC test vector at %i s', (seconds, eightDigits) => {
    expect(totpCode(rfcSecret, seconds * 1000)).toBe(eightDigits.slice(-6));
  });

  it('accepts the code of the previous, current and next 30 s step, and no other', () => {
    const now = 1_800_000_000_000;
    for (const [offsetSeconds, isAccepted] of [
      [-61, false],
      [-30, true],
      [0, true],
      [30, true],
      [61, false],
    ] as const) {
      const code = totpCode(rfcSecret, now + offsetSeconds * 1000);
      expect(acceptedTotpStep(rfcSecret, code, now, null) !== null, `${offsetSeconds} s`).toBe(isAccepted);
    }
  });

  it('refuses a code of a step already used, and anything not six digits', () => {
    const now = 1_800_000_000_000;
    const code = totpCode(rfcSecret, now);
    const step = acceptedTotpStep(rfcSecret, code, now, null)!;
    expect(step).toBe(Math.floor(now / 30_000));
    expect(acceptedTotpStep(rfcSecret, code, now, step)).toBeNull();
    expect(acceptedTotpStep(rfcSecret, totpCode(rfcSecret, now + 30_000), now, step)).toBe(step + 1);
    for (const bad of ['', '12345', '1234567', 'abcdef', '12 456'])
      expect(acceptedTotpStep(rfcSecret, bad, now, null)).toBeNull();
  });

  it('provisions with the otpauth URI authenticator apps read', () => {
    const uri = new URL(totpUri(rfcSecret, 'a.keller'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Vigil:a.keller');
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({
      secret: rfcSecret,
      issuer: 'Vigil',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});
