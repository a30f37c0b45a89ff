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

/** A WRITE request ([MS-SMB2] §2.2.21) of `dataBytes` to a file, the FileId at body offset 16. */
function writeRequest(fileId: number, dataBytes: number): Buffer {
  const body = Buffer.alloc(48 + dataBytes);
  body.writeUInt16LE(49, 0);
  body.writeUInt32LE(dataBytes, 4);
  body.writeUInt32LE(fileId, 16);
  return smb2(9, false, body);
}

/** A SET_INFO request ([MS-SMB2] §2.2.39) of a file information class (10 rename, 13 delete). */
function setInfoRequest(infoClass: number): Buffer {
  const body = Buffer.alloc(32 + 24);
  body.writeUInt16LE(33, 0);
  body[2] = 1;
  body[3] = infoClass;
  return smb2(0x11, false, body);
}

describe('SMB2 file activity', () => {
  const work = [
    ...exchange.slice(0, 2),
    ...Array.from({ length: 70 }, (_, file) => ({
      fromInitiator: true,
      bytes: writeRequest(file % 40, 70_000),
    })),
    { fromInitiator: false, bytes: smb2(9, true, Buffer.alloc(17)) },
    { fromInitiator: true, bytes: smb2(5, false, Buffer.alloc(57)) },
    { fromInitiator: true, bytes: setInfoRequest(10) },
    { fromInitiator: true, bytes: setInfoRequest(13) },
    { fromInitiator: true, bytes: Buffer.from([0x85, 0, 0, 0]) },
    { fromInitiator: true, bytes: setInfoRequest(4) },
  ];

  it('counts writes to distinct files, creates, renames and deletes over the whole connection, whatever the segmentation', () => {
    const whole = Buffer.concat(work.filter((piece) => piece.fromInitiator).map((piece) => piece.bytes));
    const segmentations = [
      work,
      // The client's bytes in odd-sized pieces, cutting headers and bodies anywhere.
      Array.from({ length: Math.ceil(whole.length / 997) }, (_, index) => ({
        fromInitiator: true,
        bytes: whole.subarray(index * 997, (index + 1) * 997),
      })),
    ];
    for (const pieces of segmentations) {
      const { observations, counters } = feedStream(smbDissector, pieces, { end: true });
      expect(counters.malformed).toBe(0);
      const activity = observations.filter((observation) => observation.kind === 'smb.file-activity');
      // One report after 64 operations, one at the end with the rest.
      expect(activity.map((report) => report.kind === 'smb.file-activity' && report.writes)).toEqual([64, 6]);
      const totals = activity.reduce(
        (sum, report) =>
          report.kind === 'smb.file-activity'
            ? {
                filesWritten: sum.filesWritten + report.filesWritten,
                creates: sum.creates + report.creates,
                renames: sum.renames + report.renames,
                deletes: sum.deletes + report.deletes,
              }
            : sum,
        { filesWritten: 0, creates: 0, renames: 0, deletes: 0 },
      );
      expect(totals).toEqual({ filesWritten: 40 + 6, creates: 1, renames: 1, deletes: 1 });
    }
  });

  it('stops counting at encrypted SMB3, where nothing inside can be read', () => {
    const transform = Buffer.alloc(52 + 64);
    Buffer.from([0xfd, 0x53, 0x4d, 0x42]).copy(transform);
    const pieces = [
      ...exchange.slice(0, 2),
      { fromInitiator: true, bytes: writeRequest(1, 10) },
      { fromInitiator: true, bytes: netbios(transform) },
      { fromInitiator: true, bytes: writeRequest(2, 10) },
    ];
    const { observations } = feedStream(smbDissector, pieces, { end: true });
    expect(observations.filter((observation) => observation.kind === 'smb.file-activity')).toMatchObject([
      { writes: 1, filesWritten: 1 },
    ]);
  });
});
