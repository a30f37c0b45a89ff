import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverConfig } from '../src/config/defaults.js';
import { createAccount } from '../src/server/auth/accounts.js';
import { createApiToken } from '../src/server/auth/api-tokens.js';
import { SignIn } from '../src/server/auth/sign-in.js';
import { totpCode } from '../src/server/auth/totp.js';
import { openStore } from '../src/store/open-store.js';
import { browserOf, password, serverHarness } from './support/server-harness.js';
import { storeBackends, temporarySqliteStore } from './support/temporary-store.js';

type Harness = Awaited<ReturnType<typeof serverHarness>>;

const attacker = '198.51.100.7';
const owner = '192.0.2.10';

async function closeHarness(harness: Harness): Promise<void> {
  harness.server.stop();
  await harness.server.app.close();
}

/** Five wrong passwords and one right one for `username` from `address`; the statuses and last error. */
async function guess(harness: Harness, username: string, address: string, tries = 5) {
  const statuses: number[] = [];
  let error = '';
  for (let attempt = 0; attempt < tries; attempt += 1) {
    const answer = await harness.request('POST', '/api/v1/auth/login', {
      body: { username, password: `guess number ${attempt}` },
      address,
    });
    statuses.push(answer.statusCode);
    error = answer.json().error;
  }
  return { statuses, error };
}

describe('lockout that tells no names and denies no one for long', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await serverHarness(await temporarySqliteStore(), { loginAttemptsPerAddress: 1_000 });
  });
  afterAll(async () => {
    await closeHarness(harness);
    await harness.store.close();
  });

  it('answers an unknown name exactly as a known one: 401 four times, then 423 with a time', async () => {
    const known = await guess(harness, 'viewer', '203.0.113.1', 6);
    const unknown = await guess(harness, 'no.such.user', '203.0.113.2', 6);
    expect(known.statuses).toEqual([401, 401, 401, 401, 423, 423]);
    expect(unknown.statuses).toEqual(known.statuses);
    const shape = (error: string) => error.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/, '<time>');
    expect(shape(unknown.error)).toBe(shape(known.error));
    expect(shape(known.error)).toBe('too many failed sign-ins: the account is locked until <time>');
  });

  it('locks a name for the guessing address only: the owner signs in from their own', async () => {
    expect((await guess(harness, 'administrator', attacker)).statuses).toEqual([401, 401, 401, 401, 423]);
    const fromAttacker = await harness.request('POST', '/api/v1/auth/login', {
      body: { username: 'administrator', password },
      address: attacker,
    });
    expect(fromAttacker.statusCode).toBe(423);
    const fromOwner = await harness.request('POST', '/api/v1/auth/login', {
      body: { username: 'administrator', password },
      address: owner,
    });
    expect(fromOwner.statusCode).toBe(200);
    expect(fromOwner.json().state).toBe('second-factor');
  });

  it('doubles each further lock of the same name and address', async () => {
    const first = Date.parse((await guess(harness, 'auditor', '203.0.113.9')).error.split('until ')[1]!);
    expect(first - harness.clock.nowMs).toBe(15 * 60_000);
    harness.clock.nowMs = first + 1_000;
    const second = Date.parse((await guess(harness, 'auditor', '203.0.113.9')).error.split('until ')[1]!);
    expect(second - harness.clock.nowMs).toBe(30 * 60_000);
  });

  it('locks the account for everyone after twenty failures from any addresses, for fifteen minutes and no longer', async () => {
    for (const host of [21, 22, 23]) await guess(harness, 'clinical-engineer', `203.0.113.${host}`);
    const last = await guess(harness, 'clinical-engineer', '203.0.113.24');
    expect(last.statuses).toEqual([401, 401, 401, 401, 423]);
    const fresh = await harness.request('POST', '/api/v1/auth/login', {
      body: { username: 'clinical-engineer', password },
      address: owner,
    });
    expect(fresh.statusCode).toBe(423);
    const locks = await harness.store.audit.list(5, { action: 'account-locked' });
    expect(locks[0]?.after).toMatch(/^20 failed sign-ins from any address; locked for everyone until/);
    // The lock does not grow while it holds: tries during it are not even counted.
    await guess(harness, 'clinical-engineer', '203.0.113.25');
    harness.clock.nowMs += 15 * 60_000 + 1_000;
    const after = await harness.request('POST', '/api/v1/auth/login', {
      body: { username: 'clinical-engineer', password },
      address: owner,
    });
    expect(after.statusCode).toBe(200);
  });
});

for (const backend of await storeBackends()) {
  describe.skipIf(!backend.enabled)(`second factors on ${backend.name}`, () => {
    let harness: Harness;
    let drop: () => Promise<void>;
    let secret: string;
    let recoveryCodes: string[];
    beforeAll(async () => {
      const opened = await backend.open();
      drop = opened.drop;
      harness = await serverHarness(opened.store, { loginAttemptsPerAddress: 1_000 });
      const created = await createAccount(
        harness.store,
        { username: 'r.admin', password, role: 'administrator', createdBy: 'test', enrolSecondFactor: true },
        harness.clock.nowMs,
      );
      secret = created.totp!.secret;
      recoveryCodes = created.totp!.recoveryCodes;
    });
    afterAll(async () => {
      await closeHarness(harness);
      await drop();
    });

    async function passwordStep() {
      const login = await harness.request('POST', '/api/v1/auth/login', {
        body: { username: 'r.admin', password },
      });
      expect(login.statusCode).toBe(200);
      return browserOf(login);
    }

    /**
     * Two sign-ins at the second step with the same code, checked at the same moment: both read
     * the account before either writes, which is where a read-then-write check lets both in.
     */
    async function race(code: string): Promise<string[]> {
      const signIn = new SignIn(harness.store, serverConfig());
      const user = (await harness.store.users.findByUsername('r.admin'))!;
      const outcomes = await Promise.all(
        ['192.0.2.1', '192.0.2.2'].map((address) =>
          signIn.checkSecondFactor(user, code, address, harness.clock.nowMs),
        ),
      );
      return outcomes.map((outcome) => outcome.outcome).sort();
    }

    it('accepts one TOTP code once when two sign-ins race with it', async () => {
      for (let round = 0; round < 3; round += 1) {
        harness.clock.nowMs += 30_000;
        expect(await race(totpCode(secret, harness.clock.nowMs))).toEqual(['accepted', 'refused']);
      }
    });

    it('spends one recovery code once when two sign-ins race with it', async () => {
      for (const code of recoveryCodes.slice(0, 3)) expect(await race(code)).toEqual(['accepted', 'refused']);
      const user = await harness.store.users.findByUsername('r.admin');
      expect(user?.recoveryCodeHashes.length).toBe(recoveryCodes.length - 3);
    });

    it('completes a sign-in over HTTP with the code, once', async () => {
      harness.clock.nowMs += 30_000;
      const code = totpCode(secret, harness.clock.nowMs);
      const first = await harness.request('POST', '/api/v1/auth/second-factor', {
        browser: await passwordStep(),
        body: { code },
      });
      expect(first.statusCode).toBe(200);
      const replay = await harness.request('POST', '/api/v1/auth/second-factor', {
        browser: await passwordStep(),
        body: { code },
      });
      expect(replay.statusCode).toBe(401);
    });

    it('keeps TOTP secrets sealed in the database with a key outside it', async () => {
      const row = await harness.store.db
        .selectFrom('users')
        .select('totp_secret')
        .where('username', '=', 'r.admin')
        .executeTakeFirstOrThrow();
      expect(row.totp_secret).toMatch(/^sealed1\.[0-9a-f]{8}\./);
      expect(row.totp_secret).not.toContain(secret);
      expect((await harness.store.users.findByUsername('r.admin'))?.totpSecret).toBe(secret);
    });

    it('seals a secret stored in clear before sealing existed when the store is next opened', async () => {
      await harness.store.db
        .updateTable('users')
        .set({ totp_secret: secret })
        .where('username', '=', 'r.admin')
        .execute();
      const reopened = await openStore(harness.store.location);
      try {
        const row = await reopened.db
          .selectFrom('users')
          .select('totp_secret')
          .where('username', '=', 'r.admin')
          .executeTakeFirstOrThrow();
        expect(row.totp_secret?.startsWith('sealed1.')).toBe(true);
        expect((await reopened.users.findByUsername('r.admin'))?.totpSecret).toBe(secret);
      } finally {
        await reopened.close();
      }
    });
  });
}

describe('administrator tokens', () => {
  it('expire after 30 days unless told sooner, and may not live past 90', async () => {
    const store = await temporarySqliteStore();
    try {
      const now = Date.parse('2026-12-01T00:00:00.000Z');
      const made = async (role: string, expiresAt: string | null) =>
        (await createApiToken(store, { name: `${role} key`, role, createdBy: 'test', expiresAt }, now))
          .record;
      expect((await made('administrator', null)).expiresAt).toBe('2026-12-31T00:00:00.000Z');
      expect((await made('auditor', null)).expiresAt).toBeNull();
      expect((await made('administrator', '2027-01-15T00:00:00.000Z')).expiresAt).toBe(
        '2027-01-15T00:00:00.000Z',
      );
      await expect(made('administrator', '2027-06-01T00:00:00.000Z')).rejects.toThrow(/at most 90 days/);
    } finally {
      await store.close();
    }
  });

  it('stop working at their expiry', async () => {
    const harness = await serverHarness(await temporarySqliteStore());
    try {
      const token = harness.tokens.get('administrator')!;
      const asked = () =>
        harness.request('GET', '/api/v1/users', { headers: { authorization: `Bearer ${token}` } });
      expect((await asked()).statusCode).toBe(200);
      harness.clock.nowMs += 30 * 24 * 60 * 60 * 1000 + 1_000;
      expect((await asked()).statusCode).toBe(401);
    } finally {
      await closeHarness(harness);
      await harness.store.close();
    }
  });
});
