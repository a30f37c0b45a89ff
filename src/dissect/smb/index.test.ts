import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedStream } from '../../../test/support/feed-stream.js';
import { smbDissector } from './index.js';
import type { SmbHostInfoObservation, SmbNegotiateObservation } from './observation.js';

function netbios(message: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUIntBE(message.length, 1, 3);
  return Buffer.concat([header, message]);
}

function smb2(command: number, isResponse: boolean, body: Buffer): Buffer {
  const header = Buffer.alloc(64);
  Buffer.from([0xfe, 0x53, 0x4d, 0x42]).copy(header);
  header.writeUInt16LE(64, 4);
  header.writeUInt16LE(command, 12);
  header.writeUInt32LE(isResponse ? 1 : 0, 16);
  return netbios(Buffer.concat([header, body]));
}

function negotiateRequest(dialects: number[]): Buffer {
  const body = Buffer.alloc(36 + dialects.length * 2);
  body.writeUInt16LE(36, 0);
  body.writeUInt16LE(dialects.length, 2);
  for (const [index, dialect] of dialects.entries()) body.writeUInt16LE(dialect, 36 + index * 2);
  return smb2(0, false, body);
}

function negotiateResponse(dialect: number, securityMode: number): Buffer {
  const body = Buffer.alloc(65);
  body.writeUInt16LE(65, 0);
  body.writeUInt16LE(securityMode, 2);
  body.writeUInt16LE(dialect, 4);
  return smb2(0, true, body);
}

/** An NTLMSSP challenge (MS-NLMP §2.2.1.2) with version 10.0.19041 and a NetBIOS computer name. */
function challengeResponse(computerName: string): Buffer {
  const name = Buffer.from(computerName, 'utf16le');
  const avPairs = Buffer.concat([Buffer.from([1, 0, name.length, 0]), name, Buffer.alloc(4)]);
  const message = Buffer.alloc(56);
  Buffer.from('NTLMSSP\u0000', 'latin1').copy(message);
  message.writeUInt32LE(2, 8);
  message.writeUInt32LE(0x0200_0001, 20);
  message.writeUInt16LE(avPairs.length, 40);
  message.writeUInt32LE(56, 44);
  Buffer.from([10, 0, 0x61, 0x4a, 0, 0, 0, 15]).copy(message, 48);
  const ntlm = Buffer.concat([message, avPairs]);
  const body = Buffer.alloc(8);
  body.writeUInt16LE(9, 0);
  body.writeUInt16LE(64 + 8, 4);
  body.writeUInt16LE(ntlm.length, 6);
  return smb2(1, true, Buffer.concat([body, ntlm]));
}

const exchange = [
  { fromInitiator: true, bytes: negotiateRequest([0x0202, 0x0210, 0x0311]) },
  { fromInitiator: false, bytes: negotiateResponse(0x0210, 0x1) },
  { fromInitiator: false, bytes: challengeResponse('CT-CONSOLE-01') },
];

describe('smbDissector', () => {
  it('reads dialects, signing and the NTLMSSP host facts, whatever the segmentation', () => {
    const bytewise = exchange.flatMap((piece) =>
      [...piece.bytes].map((byte) => ({ fromInitiator: piece.fromInitiator, bytes: Buffer.from([byte]) })),
    );
    for (const pieces of [exchange, bytewise]) {
      const { observations, counters } = feedStream(smbDissector, pieces);
      expect(counters.malformed).toBe(0);
      const negotiate = observations[0] as SmbNegotiateObservation;
      expect(negotiate).toMatchObject({
        kind: 'smb.negotiate',
        offeredDialects: ['2.0.2', '2.1', '3.1.1'],
        chosenDialect: '2.1',
        isSmb1: false,
        isSigningRequired: false,
      });
      expect(observations[1] as SmbHostInfoObservation).toMatchObject({
        kind: 'smb.host-info',
        isFromServer: true,
        ntlmOsVersion: '10.0.19041',
        netbiosComputerName: 'CT-CONSOLE-01',
      });
    }
  });

  it('never throws on mutated or random messages, and buffers no more than one message', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ fromInitiator: fc.boolean(), bytes: fc.uint8Array({ maxLength: 300 }) }), {
          maxLength: 8,
        }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
        (random, mutations) => {
          const mutated = exchange.map((piece) => {
            const bytes = Buffer.from(piece.bytes);
            for (const [at, value] of mutations) if (at % bytes.length >= 4) bytes[at % bytes.length] = value;
            return { fromInitiator: piece.fromInitiator, bytes };
          });
          const pieces = [
            ...mutated,
            ...random.map((piece) => ({
              fromInitiator: piece.fromInitiator,
              bytes: Buffer.from(piece.bytes),
            })),
          ];
          expect(() => feedStream(smbDissector, pieces)).not.toThrow();
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
