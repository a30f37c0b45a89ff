import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedStream } from '../../../test/support/feed-stream.js';
import { readDatasetFacts } from './dataset.js';
import { dicomDissector } from './index.js';
import type { DicomDatasetObservation, DicomSummaryObservation } from './observation.js';

function item(type: number, value: Buffer): Buffer {
  const header = Buffer.from([type, 0, 0, 0]);
  header.writeUInt16BE(value.length, 2);
  return Buffer.concat([header, value]);
}

function pdu(type: number, body: Buffer): Buffer {
  const header = Buffer.from([type, 0, 0, 0, 0, 0]);
  header.writeUInt32BE(body.length, 2);
  return Buffer.concat([header, body]);
}

function association(type: number, contextItems: Buffer[]): Buffer {
  const fixed = Buffer.alloc(68, 0x20);
  fixed.writeUInt16BE(1, 0);
  fixed.fill(0, 2, 4);
  fixed.write('ARCHIVE', 4, 'latin1');
  fixed.write('US-CART-3', 20, 'latin1');
  fixed.fill(0, 36, 68);
  const userInformation = item(
    0x50,
    Buffer.concat([item(0x51, Buffer.from([0, 0, 0x40, 0])), item(0x55, Buffer.from('US_VENDOR_2.1'))]),
  );
  return pdu(
    type,
    Buffer.concat([
      fixed,
      item(0x10, Buffer.from('1.2.840.10008.3.1.1.1')),
      ...contextItems,
      userInformation,
    ]),
  );
}

const usStorage = '1.2.840.10008.5.1.4.1.1.6.1';
const explicitLittleEndian = '1.2.840.10008.1.2.1';
const request = association(0x01, [
  item(
    0x20,
    Buffer.concat([
      Buffer.from([1, 0, 0, 0]),
      item(0x30, Buffer.from(usStorage)),
      item(0x40, Buffer.from(explicitLittleEndian)),
    ]),
  ),
]);
const accept = association(0x02, [
  item(0x21, Buffer.concat([Buffer.from([1, 0, 0, 0]), item(0x40, Buffer.from(explicitLittleEndian))])),
]);

/** An implicit VR little-endian element (command sets). */
function implicit(group: number, element: number, value: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt16LE(group, 0);
  header.writeUInt16LE(element, 2);
  header.writeUInt32LE(value.length, 4);
  return Buffer.concat([header, value]);
}

function us(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16LE(value);
  return bytes;
}

/** An explicit VR little-endian element with a 16-bit length. */
function explicit(group: number, element: number, vr: string, text: string): Buffer {
  const value = Buffer.from(text.length % 2 ? `${text} ` : text, 'latin1');
  const header = Buffer.alloc(8);
  header.writeUInt16LE(group, 0);
  header.writeUInt16LE(element, 2);
  header.write(vr, 4, 'latin1');
  header.writeUInt16LE(value.length, 6);
  return Buffer.concat([header, value]);
}

function pdv(isCommand: boolean, payload: Buffer): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt32BE(payload.length + 2, 0);
  header[4] = 1;
  header[5] = (isCommand ? 1 : 0) | 2;
  return Buffer.concat([header, payload]);
}

const command = Buffer.concat([
  implicit(0, 0x0002, Buffer.from(`${usStorage}\0`)),
  implicit(0, 0x0100, us(0x0001)),
  implicit(0, 0x0800, us(0x0000)),
]);
/** A sequence of undefined length before the patient module, which the reader must skip. */
const sequence = Buffer.concat([
  Buffer.from([0x08, 0x00, 0x32, 0x10, 0x53, 0x51, 0, 0, 0xff, 0xff, 0xff, 0xff]),
  Buffer.from([0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff]),
  explicit(0x0008, 0x0100, 'SH', 'CODE'),
  Buffer.from([0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0]),
  Buffer.from([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]),
]);
const dataset = Buffer.concat([
  explicit(0x0008, 0x0060, 'CS', 'US'),
  explicit(0x0008, 0x0070, 'LO', 'Example Sonics'),
  sequence,
  explicit(0x0010, 0x0010, 'PN', 'ROE^RICHARD'),
  explicit(0x0010, 0x0020, 'LO', '*'),
  explicit(0x0018, 0x1020, 'LO', '2.1.7'),
]);
const exchange = [
  { fromInitiator: true, bytes: request },
  { fromInitiator: false, bytes: accept },
  { fromInitiator: true, bytes: pdu(0x04, Buffer.concat([pdv(true, command), pdv(false, dataset)])) },
];

describe('dicomDissector', () => {
  it('reads the association, command and data set identity, split at every byte, without patient values', () => {
    const bytewise = exchange.flatMap((piece) =>
      [...piece.bytes].map((byte) => ({ fromInitiator: piece.fromInitiator, bytes: Buffer.from([byte]) })),
    );
    for (const pieces of [exchange, bytewise]) {
      const { observations, counters } = feedStream(dicomDissector, pieces);
      expect(counters.malformed).toBe(0);
      expect(observations.map((o) => o.kind)).toEqual([
        'dicom.association',
        'dicom.command',
        'dicom.dataset',
      ]);
      expect(observations[0]).toMatchObject({
        callingAeTitle: 'US-CART-3',
        calledAeTitle: 'ARCHIVE',
        isAccepted: true,
        requestorImplementationVersionName: 'US_VENDOR_2.1',
        presentationContexts: [
          {
            abstractSyntax: usStorage,
            abstractSyntaxName: 'Ultrasound Image Storage',
            acceptedTransferSyntax: explicitLittleEndian,
          },
        ],
      });
      const data = observations[2] as DicomDatasetObservation;
      expect(data).toMatchObject({
        modality: 'US',
        manufacturer: 'Example Sonics',
        softwareVersions: '2.1.7',
      });
      // The wildcard PatientID is a query key, not a patient's identifier.
      expect(data.phiElements).toEqual(['PatientName']);
      expect(JSON.stringify(observations)).not.toContain('ROE');
    }
  });

  it('sums patient data per association when the connection ends', () => {
    const { observations } = feedStream(dicomDissector, exchange, { end: true });
    const summary = observations.at(-1) as DicomSummaryObservation;
    expect(summary).toMatchObject({
      kind: 'dicom.summary',
      datasets: 1,
      datasetsWithPhi: 1,
      phiElements: ['PatientName'],
    });
  });

  it('never throws on mutated PDUs, lying lengths or endless PDUs, and buffers a bounded amount', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 10 }),
        fc.array(fc.record({ fromInitiator: fc.boolean(), bytes: fc.uint8Array({ maxLength: 200 }) }), {
          maxLength: 6,
        }),
        (mutations, random) => {
          const pieces = exchange.map((piece) => {
            const copy = Buffer.from(piece.bytes);
            for (const [at, value] of mutations) copy[at % copy.length] = value;
            return { fromInitiator: piece.fromInitiator, bytes: copy };
          });
          // An endless PDU: a P-DATA header announcing 4 GiB, then data that never ends.
          const endless = {
            fromInitiator: true,
            bytes: Buffer.from([4, 0, 0xff, 0xff, 0xff, 0xff, 1, 2, 3]),
          };
          const all = [
            ...pieces,
            endless,
            ...random.map((p) => ({ fromInitiator: p.fromInitiator, bytes: Buffer.from(p.bytes) })),
          ];
          expect(() => feedStream(dicomDissector, all, { end: true })).not.toThrow();
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('reads random data sets without throwing or looping, in either VR encoding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (bytes, isExplicit) => {
        const facts = readDatasetFacts(Buffer.from(bytes), 0, bytes.length, isExplicit);
        expect(facts.phiElements.length).toBeLessThanOrEqual(bytes.length / 8);
      }),
      { numRuns: 5_000 },
    );
  });
});
