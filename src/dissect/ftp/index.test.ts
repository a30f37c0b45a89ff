import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedStream } from '../../../test/support/feed-stream.js';
import { ftpDissector } from './index.js';

function feed(pieces: { fromClient: boolean; text: string | Buffer }[]) {
  return feedStream(
    ftpDissector,
    pieces.map((piece) => ({ fromInitiator: piece.fromClient, bytes: piece.text })),
  );
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

  it('names the default-credential entry a login matched, never the password', () => {
    const login = (user: string, password: string) =>
      feed([
        { fromClient: false, text: '220 ready\r\n' },
        { fromClient: true, text: `USER ${user}\r\n` },
        { fromClient: false, text: '331 Password required\r\n' },
        { fromClient: true, text: `PASS ${password}\r\n` },
        { fromClient: false, text: '230 logged in\r\n' },
      ]).observations.find((observation) => observation.kind === 'ftp.login');
    const guessed = login('admin', 'password');
    expect(guessed).toMatchObject({
      isAccepted: true,
      defaultCredential: expect.stringMatching(/^admin-\d+: admin with /),
    });
    expect(JSON.stringify(guessed)).not.toContain('password"');
    expect(login('admin', 'Str0ng-and-long')).toMatchObject({ defaultCredential: undefined });
    // The user name is compared exactly, as the devices do.
    expect(login('Admin', 'password')).toMatchObject({ defaultCredential: undefined });
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
