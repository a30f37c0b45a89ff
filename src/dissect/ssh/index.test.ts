import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PacketView } from '../../decode/packet-view.js';
import type { Observation } from '../../observe/observation.js';
import { DissectCounters } from '../dissector.js';
import type { StreamContext } from '../stream-dissector.js';
import { sshDissector } from './index.js';

const endpoints = {
  initiatorIp: '10.0.0.2',
  initiatorPort: 50000,
  initiatorMac: undefined,
  responderIp: '10.0.0.1',
  responderPort: 22,
  responderMac: undefined,
};

function feed(pieces: { fromServer: boolean; text: string | Buffer }[]) {
  const observations: Observation[] = [];
  const counters = new DissectCounters();
  const context: StreamContext = {
    captureName: 'c',
    emit: (o) => observations.push(o),
    counters,
    view: new PacketView(),
  };
  const handler = sshDissector.createHandler(endpoints);
  for (const piece of pieces) {
    const bytes = Buffer.isBuffer(piece.text) ? piece.text : Buffer.from(piece.text, 'latin1');
    handler.onData(!piece.fromServer, bytes, 0, bytes.length, context);
  }
  return { observations, counters };
}

describe('sshDissector', () => {
  it('reads banners split anywhere, after lines a server may send first', () => {
    const text = 'Authorised service staff only\r\nSSH-2.0-dropbear_2020.81\r\n';
    const pieces = [...text].map((character) => ({ fromServer: true, text: character }));
    const { observations } = feed([...pieces, { fromServer: false, text: 'SSH-2.0-PuTTY_Release_0.78\r\n' }]);
    expect(observations).toEqual([
      expect.objectContaining({
        isFromServer: true,
        banner: 'SSH-2.0-dropbear_2020.81',
        software: 'dropbear_2020.81',
        protocolVersion: '2.0',
      }),
      expect.objectContaining({ isFromServer: false, software: 'PuTTY_Release_0.78', comments: undefined }),
    ]);
  });

  it('counts an over-long identification line as malformed', () => {
    const { observations, counters } = feed([{ fromServer: true, text: `SSH-2.0-${'x'.repeat(400)}` }]);
    expect(observations).toEqual([]);
    expect(counters.malformedByProtocol.get('ssh')).toBe(1);
  });

  it('never throws on random bytes and reports at most one banner per side', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            fromServer: fc.boolean(),
            text: fc.uint8Array({ maxLength: 300 }).map((array) => Buffer.from(array)),
          }),
          { maxLength: 6 },
        ),
        (pieces) => {
          const { observations } = feed([{ fromServer: true, text: 'SSH-2.0-x\n' }, ...pieces]);
          expect(observations.filter((o) => o.kind === 'ssh.banner' && o.isFromServer)).toHaveLength(1);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
