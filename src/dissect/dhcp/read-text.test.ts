import { describe, expect, it } from 'vitest';
import { readClientFqdn, readOptionText } from './read-text.js';

describe('DHCP option text', () => {
  it('drops trailing NULs that some firmware pads names with', () => {
    const bytes = Buffer.from('lab-analyser\u0000\u0000');
    expect(readOptionText(bytes, 0, bytes.length)).toBe('lab-analyser');
  });

  it('reads option 81 names in DNS wire format (E flag) and in ASCII (RFC 4702 §2.3)', () => {
    const wire = Buffer.from([
      0x05,
      0,
      0,
      4,
      ...Buffer.from('pump'),
      3,
      ...Buffer.from('icu'),
      5,
      ...Buffer.from('local'),
      0,
    ]);
    expect(readClientFqdn(wire, 0, wire.length)).toBe('pump.icu.local');
    const ascii = Buffer.from([0x01, 0, 0, ...Buffer.from('pump.icu.local')]);
    expect(readClientFqdn(ascii, 0, ascii.length)).toBe('pump.icu.local');
  });

  it('rejects a wire-format label that runs past the option', () => {
    const broken = Buffer.from([0x04, 0, 0, 40, ...Buffer.from('short')]);
    expect(readClientFqdn(broken, 0, broken.length)).toBeUndefined();
  });
});
