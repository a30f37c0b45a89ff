import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverHarness } from './support/server-harness.js';
import { temporarySqliteStore } from './support/temporary-store.js';

type Harness = Awaited<ReturnType<typeof serverHarness>>;

/** The defects found by probing the server as an attacker would, each shown fixed. */
describe('server hardening', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await serverHarness(await temporarySqliteStore(), { loginAttemptsPerAddress: 100 });
  });
  afterAll(async () => {
    harness.server.stop();
    await harness.server.app.close();
    await harness.store.close();
  });

  it('counts a wrong current password like a failed sign-in: the guessing session ends and the account locks', async () => {
    const browser = await harness.signIn('viewer');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1)
      statuses.push(
        (
          await harness.request('POST', '/api/v1/auth/password', {
            browser,
            body: { current: `guess number ${attempt}`, next: 'a brand new password 77' },
          })
        ).statusCode,
      );
    // Four refusals, the fifth locks (and ends the session), after it the session is gone.
    expect(statuses).toEqual([401, 401, 401, 401, 423, 401]);
    const rows = await harness.store.audit.list(20, { action: 'login-failed' });
    expect(rows.filter((row) => row.after?.startsWith('wrong current password')).length).toBe(5);
    expect((await harness.store.audit.list(5, { action: 'account-locked' }))[0]?.target).toBe('viewer');
    const locked = await harness.request('POST', '/api/v1/auth/login', {
      body: { username: 'viewer', password: 'a long enough password 42' },
    });
    expect(locked.statusCode).toBe(423);
  });

  it('throttles the current-password check per address like sign-in', async () => {
    const throttled = await serverHarness(await temporarySqliteStore(), { loginAttemptsPerAddress: 3 });
    try {
      const browser = await throttled.signIn('auditor');
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 3; attempt += 1)
        statuses.push(
          (
            await throttled.request('POST', '/api/v1/auth/password', {
              browser,
              body: { current: `guess ${attempt}`, next: 'a brand new password 77' },
            })
          ).statusCode,
        );
      // The sign-in itself was one attempt of the three.
      expect(statuses).toEqual([401, 401, 429]);
    } finally {
      throttled.server.stop();
      await throttled.server.app.close();
      await throttled.store.close();
    }
  });

  it('records a name typed at a failed sign-in as quoted data, without control or bidirectional characters', async () => {
    const typed = 'adm\u202Egnp.exe\u0007\n\u200Fx';
    const response = await harness.request('POST', '/api/v1/auth/login', {
      body: { username: typed, password: 'whatever it is 123' },
    });
    expect(response.statusCode).toBe(401);
    const [row] = await harness.store.audit.list(1, { action: 'login-failed' });
    expect(row?.actor).toBe('"admgnp.exex"');
    expect(row?.target).toBe('"admgnp.exex"');
    expect(row?.actor).not.toMatch(/[\u0000-\u001f\u202a-\u202e\u2066-\u2069\u200e\u200f]/);
  });
});
