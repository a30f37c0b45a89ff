import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSyslogHeader } from './header.js';

describe('parseSyslogHeader', () => {
  it('reads RFC 5424 headers, with NILVALUE fields as absent', () => {
    expect(
      parseSyslogHeader('<134>1 2026-11-28T10:00:00Z lab-analyser-2 hl7-bridge 312 - - sent ORU'),
    ).toEqual({
      format: 'rfc5424',
      facility: 16,
      severity: 6,
      hostname: 'lab-analyser-2',
      appName: 'hl7-bridge',
    });
    expect(parseSyslogHeader('<13>1 - - - - - -')).toMatchObject({ hostname: undefined, appName: undefined });
  });

  it('reads RFC 3164 headers, and only the PRI when the rest is free-form', () => {
    expect(parseSyslogHeader('<38>Nov  3 07:04:11 pacs01 sshd[1201]: Accepted key')).toEqual({
      format: 'rfc3164',
      facility: 4,
      severity: 6,
      hostname: 'pacs01',
      appName: 'sshd',
    });
    expect(parseSyslogHeader('<11>something else entirely')).toMatchObject({
      facility: 1,
      severity: 3,
      hostname: undefined,
    });
  });

  it('refuses a missing or impossible PRI and never throws on any text', () => {
    expect(parseSyslogHeader('no priority')).toBeUndefined();
    expect(parseSyslogHeader('<192>1 - - - - - -')).toBeUndefined();
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const header = parseSyslogHeader(text);
        if (header !== undefined) expect(header.facility * 8 + header.severity).toBeLessThanOrEqual(191);
      }),
      { numRuns: 2_000 },
    );
  });
});
