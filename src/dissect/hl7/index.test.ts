import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedStream, mutatedExchange } from '../../../test/support/feed-stream.js';
import { hl7Dissector } from './index.js';
import type { Hl7MessageObservation, Hl7SummaryObservation } from './observation.js';

function mllp(...segments: string[]): Buffer {
  return Buffer.from(`\u000b${segments.join('\r')}\r\u001c\r`, 'latin1');
}

const result = mllp(
  'MSH|^~\\&|LAB-ANALYSER|CORE-LAB|LIS|HOSPITAL|20261128||ORU^R01|CTRL-9|P|2.5.1',
  'PID|1||MRN-5566^^^HOSP||ROE^RICHARD||19800202|M',
  'OBX|1|NM|2345-7^Glucose^LN||5.4|mmol/L',
);
const ack = mllp(
  'MSH|^~\\&|LIS|HOSPITAL|LAB-ANALYSER|CORE-LAB|20261128||ACK^R01|ACK-9|P|2.5.1',
  'MSA|AE|CTRL-9',
);
const exchange = [
  { fromInitiator: true, bytes: result },
  { fromInitiator: false, bytes: ack },
];

describe('hl7Dissector', () => {
  it('reads header, segments and acknowledgement whatever the segmentation, never a patient field', () => {
    const bytewise = exchange.flatMap((piece) =>
      [...piece.bytes].map((byte) => ({ fromInitiator: piece.fromInitiator, bytes: Buffer.from([byte]) })),
    );
    for (const pieces of [exchange, bytewise]) {
      const { observations, counters } = feedStream(hl7Dissector, pieces, { end: true });
      expect(counters.malformed).toBe(0);
      const [message, reply, summary] = observations as [
        Hl7MessageObservation,
        Hl7MessageObservation,
        Hl7SummaryObservation,
      ];
      expect(message).toMatchObject({
        sendingApplication: 'LAB-ANALYSER',
        sendingFacility: 'CORE-LAB',
        messageType: 'ORU^R01',
        messageCode: 'ORU',
        triggerEvent: 'R01',
        controlId: 'CTRL-9',
        version: '2.5.1',
        segments: ['MSH', 'PID', 'OBX'],
        phiSegments: ['PID'],
      });
      expect(reply).toMatchObject({ acknowledgementCode: 'AE', isFromInitiator: false });
      expect(summary).toMatchObject({
        kind: 'hl7.summary',
        messages: 2,
        messagesWithPhi: 1,
        phiSegments: ['PID'],
      });
      const text = JSON.stringify(observations);
      for (const value of ['ROE', 'MRN-5566', '19800202', '5.4']) expect(text).not.toContain(value);
    }
  });

  it('passes over a message longer than the bound and reads the next one', () => {
    const huge = Buffer.concat([
      Buffer.from('\u000bMSH|^~\\&|PACS\r', 'latin1'),
      Buffer.alloc(1_100_000, 0x41),
      Buffer.from('\u001c\r'),
    ]);
    const { observations, counters } = feedStream(hl7Dissector, [
      { fromInitiator: true, bytes: huge },
      { fromInitiator: true, bytes: result },
    ]);
    expect(counters.malformed).toBe(1);
    expect(observations.map((o) => (o as Hl7MessageObservation).controlId)).toEqual(['CTRL-9']);
  });

  it('never throws on mutated frames, missing end blocks or random bytes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 10 }),
        fc.array(fc.record({ fromInitiator: fc.boolean(), bytes: fc.uint8Array({ maxLength: 300 }) }), {
          maxLength: 6,
        }),
        (mutations, random) => {
          const all = mutatedExchange(exchange, mutations, random);
          const { observations } = feedStream(hl7Dissector, all, { end: true });
          expect(observations.length).toBeLessThanOrEqual(all.length * 300 + 1);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
