import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedStream } from '../../../test/support/feed-stream.js';
import { sshDissector } from './index.js';

function feed(pieces: { fromServer: boolean; text: string | Buffer }[]) {
  return feedStream(
    sshDissector,
    pieces.map((piece) => ({ fromInitiator: !piece.fromServer, bytes: piece.text })),
  );
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
