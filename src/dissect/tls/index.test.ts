import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedStream } from '../../../test/support/feed-stream.js';
import { tlsDissector } from './index.js';

/** A minimal ClientHello with SNI and ALPN, inside one handshake record. */
function clientHelloRecord(): Buffer {
  const sniName = Buffer.from('monitor-3.icu.example');
  const sni = Buffer.concat([u16(sniName.length + 3), Buffer.from([0]), u16(sniName.length), sniName]);
  const alpnList = Buffer.concat([Buffer.from([8]), Buffer.from('http/1.1')]);
  const alpn = Buffer.concat([u16(alpnList.length), alpnList]);
  const extensions = Buffer.concat([u16(0), u16(sni.length), sni, u16(0x10), u16(alpn.length), alpn]);
  const body = Buffer.concat([
    u16(0x0303),
    Buffer.alloc(32),
    Buffer.from([0]),
    u16(4),
    u16(0xc02f),
    u16(0x009c),
    Buffer.from([1, 0]),
    u16(extensions.length),
    extensions,
  ]);
  const handshake = Buffer.concat([Buffer.from([1, 0, body.length >> 8, body.length & 0xff]), body]);
  return Buffer.concat([Buffer.from([22, 3, 1]), u16(handshake.length), handshake]);
}

function u16(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(value);
  return bytes;
}

function feed(pieces: Buffer[]) {
  return feedStream(
    tlsDissector,
    pieces.map((piece) => ({ fromInitiator: true, bytes: piece })),
  );
}

describe('tlsDissector', () => {
  it('reads a ClientHello delivered a byte at a time', () => {
    const record = clientHelloRecord();
    const { observations } = feed([...record].map((byte) => Buffer.from([byte])));
    expect(observations).toEqual([
      expect.objectContaining({
        kind: 'tls.client-hello',
        serverName: 'monitor-3.icu.example',
        alpn: ['http/1.1'],
        offeredVersions: ['TLSv1.2'],
      }),
    ]);
    expect((observations[0] as { ja4: string }).ja4).toMatch(/^t12d0202h1_/);
  });

  it('never throws on mutated or random records, and counts what it cannot read', () => {
    const record = clientHelloRecord();
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 12 }),
        fc.uint8Array({ maxLength: 200 }),
        (edits, tail) => {
          const bytes = Buffer.from(record);
          for (const edit of edits) bytes[edit.at % bytes.length] = edit.value;
          const { observations, counters } = feed([bytes, Buffer.from(tail)]);
          expect(observations.length + counters.malformed).toBeLessThanOrEqual(4);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
