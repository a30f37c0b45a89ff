import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedStream, mutatedExchange } from '../../../test/support/feed-stream.js';
import { vncDissector } from './index.js';

function serverInit(name: string): Buffer {
  const init = Buffer.alloc(24);
  init.writeUInt16BE(1024, 0);
  init.writeUInt16BE(768, 2);
  init.writeUInt32BE(Buffer.byteLength(name), 20);
  return Buffer.concat([init, Buffer.from(name)]);
}

/** An RFB 3.8 session with VNC authentication accepted (RFC 6143 §7.1–7.3). */
const authenticated = [
  { fromInitiator: false, bytes: Buffer.from('RFB 003.008\n') },
  { fromInitiator: true, bytes: Buffer.from('RFB 003.008\n') },
  { fromInitiator: false, bytes: Buffer.from([2, 2, 19]) },
  { fromInitiator: true, bytes: Buffer.from([2]) },
  { fromInitiator: false, bytes: Buffer.alloc(16, 0xaa) },
  { fromInitiator: true, bytes: Buffer.alloc(16, 0xbb) },
  { fromInitiator: false, bytes: Buffer.alloc(4) },
  { fromInitiator: true, bytes: Buffer.from([1]) },
  { fromInitiator: false, bytes: serverInit('infusion-gw:0 (service)') },
];

describe('vncDissector', () => {
  it('follows a VNC-authenticated 3.8 handshake to the desktop name, whatever the segmentation', () => {
    const bytewise = authenticated.flatMap((piece) =>
      [...piece.bytes].map((byte) => ({ fromInitiator: piece.fromInitiator, bytes: Buffer.from([byte]) })),
    );
    for (const pieces of [authenticated, bytewise]) {
      const { observations, counters } = feedStream(vncDissector, pieces);
      expect(counters.malformed).toBe(0);
      expect(observations).toEqual([
        expect.objectContaining({
          kind: 'vnc.handshake',
          serverVersion: '003.008',
          clientVersion: '003.008',
          offeredSecurityTypes: ['vnc-authentication', 'vencrypt'],
          securityType: 'vnc-authentication',
        }),
        expect.objectContaining({
          kind: 'vnc.desktop',
          width: 1024,
          height: 768,
          desktopName: 'infusion-gw:0 (service)',
        }),
      ]);
    }
  });

  it('reads an RFB 3.3 server that lets anyone in', () => {
    const { observations } = feedStream(vncDissector, [
      { fromInitiator: false, bytes: Buffer.from('RFB 003.008\n') },
      { fromInitiator: true, bytes: Buffer.from('RFB 003.003\n') },
      { fromInitiator: false, bytes: Buffer.from([0, 0, 0, 1]) },
      { fromInitiator: true, bytes: Buffer.from([1]) },
      { fromInitiator: false, bytes: serverInit('ward-4') },
    ]);
    expect(observations.map((o) => (o.kind === 'vnc.handshake' ? o.securityType : o.kind))).toEqual([
      'none',
      'vnc.desktop',
    ]);
  });

  it('never throws on mutated or random bytes, and buffers at most a bounded handshake', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.array(fc.record({ fromInitiator: fc.boolean(), bytes: fc.uint8Array({ maxLength: 300 }) }), {
          maxLength: 6,
        }),
        (mutations, random) => {
          const all = mutatedExchange(authenticated, mutations, random);
          const { observations } = feedStream(vncDissector, all);
          expect(observations.length).toBeLessThanOrEqual(2);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
