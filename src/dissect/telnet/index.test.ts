import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedStream } from '../../../test/support/feed-stream.js';
import { maxLoginAttempts } from './consts.js';
import { telnetDissector } from './index.js';

const iac = (...bytes: number[]) => Buffer.from([255, ...bytes]);

/** A login as inetutils telnetd (Debian's telnetd) and login(1) run it: negotiation, banner, prompts, echo. */
function session(password: string, verdict: string) {
  return [
    { fromInitiator: false, bytes: Buffer.concat([iac(253, 24), iac(253, 32), iac(251, 1)]) },
    {
      fromInitiator: true,
      bytes: Buffer.concat([iac(251, 24), iac(250, 24, 0), Buffer.from('xterm'), iac(240)]),
    },
    { fromInitiator: false, bytes: '\r\nDebian GNU/Linux 12\r\n\r\nct-console login: ' },
    { fromInitiator: true, bytes: 'biomed\r\n' },
    { fromInitiator: false, bytes: 'biomed\r\nPassword: ' },
    { fromInitiator: true, bytes: `${password}\r\u0000` },
    { fromInitiator: false, bytes: '\r\n' },
    { fromInitiator: false, bytes: verdict },
  ];
}

describe('telnetDissector', () => {
  it('reports the banner, prompt host and login verdict, whatever the segmentation, never the password', () => {
    for (const [verdict, isAccepted] of [
      ['Last login: Sat Nov 28 on pts/0\r\n$ ', true],
      ['\r\nLogin incorrect\r\nct-console login: ', false],
    ] as const) {
      const whole = session('Pump-Secret-9', verdict);
      const bytewise = whole.flatMap((piece) =>
        [...Buffer.from(piece.bytes)].map((byte) => ({
          fromInitiator: piece.fromInitiator,
          bytes: Buffer.from([byte]),
        })),
      );
      for (const pieces of [whole, bytewise]) {
        const { observations } = feedStream(telnetDissector, pieces);
        expect(observations).toEqual([
          expect.objectContaining({
            kind: 'telnet.banner',
            banner: 'Debian GNU/Linux 12',
            loginPrompt: 'ct-console login:',
            promptHostname: 'ct-console',
          }),
          expect.objectContaining({
            kind: 'telnet.login',
            username: 'biomed',
            isPasswordSent: true,
            isAccepted,
          }),
        ]);
        expect(JSON.stringify(observations)).not.toContain('Pump-Secret-9');
      }
    }
  });

  it('names the default-credential entry a login matched, never the password', () => {
    const asRoot = (password: string) =>
      session(password, '\r\nLogin incorrect\r\nct-console login: ').map((piece) =>
        piece.bytes === 'biomed\r\n' ? { ...piece, bytes: 'root\r\n' } : piece,
      );
    const [login] = feedStream(telnetDissector, asRoot('toor')).observations.filter(
      (observation) => observation.kind === 'telnet.login',
    );
    expect(login).toMatchObject({
      username: 'root',
      defaultCredential: expect.stringMatching(/^root-\d+: root with /),
    });
    expect(JSON.stringify(login)).not.toContain('toor');
    const [other] = feedStream(telnetDissector, asRoot('Pump-Secret-9')).observations.filter(
      (observation) => observation.kind === 'telnet.login',
    );
    expect(other).toMatchObject({ username: 'root', defaultCredential: undefined });
  });

  it('reports every refused try of a connection, and takes what follows a password prompt for a password', () => {
    const tries = [
      ...session('Guess-1', '\r\nLogin incorrect\r\nct-console login: '),
      // hydra answers the second prompt with an empty line; login(1) then asks for a password.
      { fromInitiator: true, bytes: '\r\u0000' },
      { fromInitiator: false, bytes: '\r\nPassword: ' },
      { fromInitiator: true, bytes: 'Guess-2\r\u0000' },
      { fromInitiator: false, bytes: '\r\n\r\nLogin incorrect\r\nct-console login: ' },
      { fromInitiator: true, bytes: 'service\r\n' },
      { fromInitiator: false, bytes: 'service\r\nPassword: ' },
      { fromInitiator: true, bytes: 'Guess-3\r\u0000' },
      { fromInitiator: false, bytes: '\r\nLast login: never\r\n$ ' },
      { fromInitiator: true, bytes: 'cat /etc/passwd\r\n' },
    ];
    const logins = feedStream(telnetDissector, tries).observations.filter(
      (observation) => observation.kind === 'telnet.login',
    );
    expect(logins.map((login) => [login.username, login.isAccepted])).toEqual([
      ['biomed', false],
      [undefined, false],
      ['service', true],
    ]);
    expect(JSON.stringify(logins)).not.toMatch(/Guess|passwd/);
  });

  it('never throws on random bytes, and reports at most one banner and a bounded number of logins', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ fromInitiator: fc.boolean(), bytes: fc.uint8Array({ maxLength: 200 }) }), {
          maxLength: 12,
        }),
        (random) => {
          const pieces = [
            ...session('x', '').slice(0, 4),
            ...random.map((piece) => ({
              fromInitiator: piece.fromInitiator,
              bytes: Buffer.from(piece.bytes),
            })),
          ];
          const { observations } = feedStream(telnetDissector, pieces);
          expect(observations.filter((o) => o.kind === 'telnet.banner').length).toBeLessThanOrEqual(1);
          expect(observations.filter((o) => o.kind === 'telnet.login').length).toBeLessThanOrEqual(
            maxLoginAttempts,
          );
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
