import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedStream, mutatedExchange } from '../../../test/support/feed-stream.js';
import { poct1aDissector } from './index.js';
import type { PoctMessageObservation, PoctSummaryObservation } from './observation.js';

/**
 * A conversation in the POCT1-A2 message structure (CLSI POCT1-A2, Device Messaging Layer): the
 * meter's hello with its DEV segment, the data manager's acknowledgement, then an observation
 * with an (invented) patient and operator. No POCT1-A implementation is packaged for Debian or
 * npm, so these messages are written to the standard's structure rather than recorded.
 */
const hello = `<?xml version="1.0" encoding="UTF-8"?>
<HEL.R01><HDR><HDR.control_id V="10001"/><HDR.version_id V="POCT1"/><HDR.creation_dttm V="2026-11-28T10:00:00+01:00"/></HDR>
<DEV><DEV.device_id V="GLU-0042"/><DEV.vendor_id V="EXAMPLEDX"/><DEV.model_id V="GlucoCheck 3"/><DEV.serial_id V="GC3-778812"/>
<DEV.manufacturer_name V="Example Diagnostics"/><DEV.sw_version V="4.2.1"/><DEV.hw_version V="B"/><DEV.device_name V="Ward 4 meter"/></DEV></HEL.R01>`;
const ack =
  '<ACK.R01><HDR><HDR.control_id V="900"/><HDR.version_id V="POCT1"/></HDR><ACK><ACK.type_cd V="AA"/><ACK.ack_control_id V="10001"/></ACK></ACK.R01>';
const observation = `<OBS.R01><HDR><HDR.control_id V="10002"/></HDR><SVC><PT><PT.patient_id V="MRN-31337"/><PT.name V="ROE^RICHARD"/></PT>
<OBS><OBS.observation_id V="2345-7"/><OBS.value V="5.4"/></OBS><OPR><OPR.operator_id V="N-17"/><OPR.name V="NURSE^ANNA"/></OPR></SVC></OBS.R01>`;
const exchange = [
  { fromInitiator: true, bytes: hello },
  { fromInitiator: false, bytes: ack },
  { fromInitiator: true, bytes: observation },
];

describe('poct1aDissector', () => {
  it('reads the device identity and message types however split, and patient elements by name only', () => {
    const bytewise = exchange.flatMap((piece) =>
      [...Buffer.from(piece.bytes)].map((byte) => ({
        fromInitiator: piece.fromInitiator,
        bytes: Buffer.from([byte]),
      })),
    );
    for (const pieces of [exchange, bytewise]) {
      const { observations, counters } = feedStream(poct1aDissector, pieces, { end: true });
      expect(counters.malformed).toBe(0);
      const messages = observations.filter((o): o is PoctMessageObservation => o.kind === 'poct1a.message');
      expect(messages.map((m) => [m.messageType, m.controlId, m.isFromInitiator])).toEqual([
        ['HEL.R01', '10001', true],
        ['ACK.R01', '900', false],
        ['OBS.R01', '10002', true],
      ]);
      expect(messages[0]!.device).toEqual({
        deviceId: 'GLU-0042',
        vendorId: 'EXAMPLEDX',
        modelId: 'GlucoCheck 3',
        serialNumber: 'GC3-778812',
        manufacturer: 'Example Diagnostics',
        softwareVersion: '4.2.1',
        hardwareVersion: 'B',
        deviceName: 'Ward 4 meter',
      });
      expect(messages[2]!.phiElements).toEqual(['OPR.name', 'PT.name', 'PT.patient_id']);
      const summary = observations.at(-1) as PoctSummaryObservation;
      expect(summary).toMatchObject({ kind: 'poct1a.summary', messages: 3, messagesWithPhi: 1 });
      const text = JSON.stringify(observations);
      for (const value of ['MRN-31337', 'ROE', 'NURSE', '5.4']) expect(text).not.toContain(value);
    }
  });

  it('never throws on mutated or random bytes, and never lets a patient value through', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.array(fc.record({ fromInitiator: fc.boolean(), bytes: fc.uint8Array({ maxLength: 200 }) }), {
          maxLength: 5,
        }),
        (mutations, random) => {
          const all = mutatedExchange(exchange, mutations, random);
          const { observations } = feedStream(poct1aDissector, all, { end: true });
          expect(JSON.stringify(observations)).not.toContain('MRN-31337');
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
