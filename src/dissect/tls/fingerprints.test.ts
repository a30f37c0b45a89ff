import { describe, expect, it } from 'vitest';
import { ja3, ja4 } from './fingerprints.js';
import type { ClientHello } from './hello.js';

/** The known-answer example of the JA4 specification (FoxIO), with GREASE values a browser adds. */
const specimen: ClientHello = {
  legacyVersion: 0x0303,
  cipherSuites: [
    0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d,
    0x002f, 0x0035,
  ],
  extensions: [
    0x2a2a, 0x001b, 0x0000, 0x0033, 0x0010, 0x4469, 0x0017, 0x002d, 0x000d, 0x0005, 0x0023, 0x0012, 0x002b,
    0xff01, 0x000b, 0x000a, 0x0015, 0xfafa,
  ],
  serverName: 'example.org',
  alpn: ['h2', 'http/1.1'],
  supportedVersions: [0x3a3a, 0x0304, 0x0303],
  supportedGroups: [0x2a2a, 0x001d, 0x0017, 0x0018],
  ecPointFormats: [0],
  signatureAlgorithms: [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601],
};

describe('TLS fingerprints', () => {
  it('computes the JA4 of the specification example, ignoring GREASE', () => {
    expect(ja4(specimen)).toBe('t13d1516h2_8daaf6152771_e5627efa2ab1');
    expect(ja4({ ...specimen, signatureAlgorithms: [] }, 'q')).toBe('q13d1516h2_8daaf6152771_6d807ffa2a79');
  });

  it('marks a ClientHello without SNI or ALPN, and one with nothing at all', () => {
    const bare: ClientHello = {
      ...specimen,
      extensions: [],
      serverName: undefined,
      alpn: [],
      supportedVersions: [],
      cipherSuites: [],
      signatureAlgorithms: [],
      legacyVersion: 0x0301,
    };
    expect(ja4(bare)).toBe('t10i000000_000000000000_000000000000');
  });

  it('builds the JA3 string from decimal values without GREASE', () => {
    const { text, hash } = ja3(specimen);
    expect(text.split(',')[0]).toBe('771');
    expect(text.split(',')[3]).toBe('29-23-24');
    expect(text).not.toContain('10794');
    expect(hash).toMatch(/^[0-9a-f]{32}$/);
  });
});
