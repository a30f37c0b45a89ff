import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PacketView } from '../../decode/packet-view.js';
import type { Observation } from '../../observe/observation.js';
import { DissectCounters } from '../dissector.js';
import type { StreamContext } from '../stream-dissector.js';
import { ftpDissector } from './index.js';

const endpoints = {
  initiatorIp: '10.0.0.2',
  initiatorPort: 50000,
  initiatorMac: undefined,
  responderIp: '10.0.0.1',
  responderPort: 21,
  responderMac: undefined,
};

function feed(pieces: { fromClient: boolean; text: string | Buffer }[]) {
  const observations: Observation[] = [];
  const counters = new DissectCounters();
  const context: StreamContext = {
    captureName: 'c',
    emit: (o) => observations.push(o),
    counters,
    view: new PacketView(),
  };
  const handler = ftpDissector.createHandler(endpoints);
  for (const piece of pieces) {
    const bytes = Buffer.isBuffer(piece.text) ? piece.text : Buffer.from(piece.text, 'latin1');
    handler.onData(piece.fromClient, bytes, 0, bytes.length, context);
  }
  return { observations, counters };
}

const session = [
  { fromClient: false, text: '220-Welcome\r\n220 ProFTPD 1.3.5 Server ready.\r\n' },
  { fromClient: true, text: 'USER biomed\r\n' },
  { fromClient: false, text: '331 Password required\r\n' },
  { fromClient: true, text: 'PASS s3cret!\r\n' },
  { fromClient: false, text: '230 User biomed logged in\r\n' },
];

describe('ftpDissector', () => {
  it('reports the greeting and the login, whatever the segmentation, without the password', () => {
    const bytewise = session.flatMap((piece) =>
      [...piece.text].map((character) => ({ fromClient: piece.fromClient, text: character })),
    );
    for (const pieces of [session, bytewise]) {
      const { observations } = feed(pieces);
      expect(observations).toEqual([
        expect.objectContaining({ kind: 'ftp.greeting', greeting: 'Welcome ProFTPD 1.3.5 Server ready.' }),
        expect.objectContaining({
          kind: 'ftp.login',
          username: 'biomed',
          isPasswordSent: true,
          isAccepted: true,
          isAnonymous: false,
        }),
      ]);
      expect(JSON.stringify(observations)).not.toContain('s3cret');
    }
  });

  it('never throws on random lines, and reports at most one greeting per connection', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            fromClient: fc.boolean(),
            text: fc.uint8Array({ maxLength: 200 }).map((array) => Buffer.from(array)),
          }),
          { maxLength: 10 },
        ),
        (pieces) => {
          const { observations } = feed([{ fromClient: false, text: '220 ready\r\n' }, ...pieces]);
          expect(observations.filter((observation) => observation.kind === 'ftp.greeting')).toHaveLength(1);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
