import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Role, roleGrants, roles } from '../src/server/access/permissions.js';
import { totpCode } from '../src/server/auth/totp.js';
import type { RouteSpec } from '../src/server/routing/define-route.js';
import { type Browser, browserOf, password, serverHarness } from './support/server-harness.js';
import { temporarySqliteStore } from './support/temporary-store.js';

type Harness = Awaited<ReturnType<typeof serverHarness>>;

/** A concrete URL for a route pattern: any id will do, access is decided before the id is read. */
function urlOf(spec: RouteSpec): string {
  return spec.url
    .replace(':id', '00000000-0000-4000-8000-000000000000')
    .replace(':field', 'location')
    .replace(':vulnerabilityId', 'CVE-2017-0144')
    .replace('*', 'index.html');
}

function grants(role: Role, spec: RouteSpec): boolean {
  return (roleGrants[role] as readonly string[]).includes(spec.access);
}

describe('access control of every route', () => {
  let harness: Harness;
  const browsers = new Map<Role, Browser>();

  beforeAll(async () => {
    harness = await serverHarness(await temporarySqliteStore());
    for (const role of roles) browsers.set(role, await harness.signIn(role));
  });
  afterAll(async () => {
    harness.server.stop();
    await harness.server.app.close();
    await harness.store.close();
  });

  it('declares every route Fastify serves, each with its access', () => {
    const specs = harness.server.context.routes.specs;
    expect(specs.length).toBeGreaterThan(25);
    for (const route of harness.server.registeredRoutes) {
      const method = route.method === 'HEAD' ? 'GET' : route.method;
      expect(
        specs.some((spec) => spec.method === method && spec.url === route.url),
        `${route.method} ${route.url}`,
      ).toBe(true);
    }
    const publicRoutes = specs
      .filter((spec) => spec.access === 'public')
      .map((spec) => `${spec.method} ${spec.url}`);
    expect(publicRoutes.sort()).toEqual(
      [
        'GET /*',
        'GET /api/v1/auth/session',
        'GET /api/v1/openapi.json',
        'GET /healthz',
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/logout',
      ].sort(),
    );
  });

  it('refuses every non-public route to a caller without a session or token (401), and to a bad token', async () => {
    for (const spec of harness.server.context.routes.specs.filter(
      (candidate) => candidate.access !== 'public',
    )) {
      const anonymous = await harness.request(spec.method, urlOf(spec), {
        body: spec.method === 'GET' ? undefined : {},
      });
      expect(anonymous.statusCode, `${spec.method} ${spec.url}`).toBe(401);
      const forged = await harness.request(spec.method, urlOf(spec), {
        headers: { authorization: 'Bearer vigil_not-a-real-token' },
        body: spec.method === 'GET' ? undefined : {},
      });
      expect(forged.statusCode, `${spec.method} ${spec.url} with a forged token`).toBe(401);
    }
  });

  it('refuses every permission route to each role without the permission (403), by session and by token, and lets the others past the check', async () => {
    let refusals = 0;
    for (const spec of harness.server.context.routes.specs) {
      if (['public', 'signed-in', 'second-factor', 'enrol'].includes(spec.access)) continue;
      for (const role of roles) {
        // An event stream a caller may open stays open: that it opens is checked on its own below.
        if (grants(role, spec) && spec.produces === 'text/event-stream') continue;
        const body = spec.method === 'GET' ? undefined : {};
        const bySession = await harness.request(spec.method, urlOf(spec), {
          browser: browsers.get(role)!,
          body,
        });
        const byToken = await harness.request(spec.method, urlOf(spec), {
          headers: { authorization: `Bearer ${harness.tokens.get(role)}` },
          body,
        });
        const label = `${role} ${spec.method} ${spec.url}`;
        if (grants(role, spec)) {
          expect([401, 403], label).not.toContain(bySession.statusCode);
          expect([401, 403], label).not.toContain(byToken.statusCode);
        } else {
          refusals += 1;
          expect(bySession.statusCode, label).toBe(403);
          expect(bySession.json().error).toContain(spec.access);
          expect(byToken.statusCode, `${label} by token`).toBe(403);
        }
      }
    }
    // Viewers lack writes, audit, users, tokens and metrics; auditors lack writes and accounts; …
    expect(refusals).toBeGreaterThan(40);
  });

  it('streams a change to an open event stream of a permitted caller', async () => {
    const origin = await harness.server.app.listen({ host: '127.0.0.1', port: 0 });
    const controller = new AbortController();
    const response = await fetch(`${origin}/api/v1/events`, {
      headers: { authorization: `Bearer ${harness.tokens.get('viewer')}` },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    const analyst = browsers.get('security-analyst')!;
    const deviceId = (await harness.store.devices.list())[0]!.id;
    const change = await harness.request('PUT', `/api/v1/devices/${deviceId}/overrides/location`, {
      browser: analyst,
      body: { value: 'radiology store' },
    });
    expect(change.statusCode).toBe(200);
    let text = '';
    while (!text.includes('device-changed')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain(`"deviceId":"${deviceId}"`);
    controller.abort();
  });

  it('keeps the sign-in steps to their stage', async () => {
    const signedIn = browsers.get('viewer')!;
    for (const url of ['/api/v1/auth/second-factor', '/api/v1/auth/enrol', '/api/v1/auth/enrol/confirm']) {
      const response = await harness.request('POST', url, { browser: signedIn, body: { code: '123456' } });
      expect(response.statusCode, url).toBe(403);
    }
  });

  it('answers the OpenAPI document with every declared route and its access', async () => {
    const document = (await harness.request('GET', '/api/v1/openapi.json')).json() as {
      paths: Record<string, Record<string, { 'x-vigil-access': string }>>;
    };
    for (const spec of harness.server.context.routes.specs.filter(
      (candidate) => !candidate.url.includes('*'),
    )) {
      const path = spec.url.replace(/:(\w+)/g, '{$1}');
      expect(
        document.paths[path]?.[spec.method.toLowerCase()]?.['x-vigil-access'],
        `${spec.method} ${path}`,
      ).toBe(spec.access);
    }
  });
});

describe('CSRF, lockout, session expiry and second factor', () => {
  let harness: Harness;
  let deviceId: string;

  beforeAll(async () => {
    harness = await serverHarness(await temporarySqliteStore(), {
      sessionIdleTimeoutMs: 15 * 60_000,
      sessionAbsoluteTimeoutMs: 60 * 60_000,
    });
    deviceId = (await harness.store.devices.list())[0]!.id;
  });
  afterAll(async () => {
    harness.server.stop();
    await harness.server.app.close();
    await harness.store.close();
  });

  const overrideUrl = () => `/api/v1/devices/${deviceId}/overrides/location`;
  const changesOf = async () =>
    (await harness.store.audit.list(1000)).filter((row) => row.action === 'override-set');

  it('refuses a change without the CSRF token, with a wrong one, or from another origin, and changes nothing', async () => {
    const analyst = await harness.signIn('security-analyst');
    const before = (await changesOf()).length;
    const body = { value: 'ICU bed 3' };
    const missing = await harness.request('PUT', overrideUrl(), { browser: analyst, csrf: null, body });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error).toMatch(/CSRF/);
    const wrong = await harness.request('PUT', overrideUrl(), {
      browser: analyst,
      csrf: 'x'.repeat(43),
      body,
    });
    expect(wrong.statusCode).toBe(403);
    const foreign = await harness.request('PUT', overrideUrl(), {
      browser: analyst,
      body,
      headers: { origin: 'https://attacker.example' },
    });
    expect(foreign.statusCode).toBe(403);
    expect((await changesOf()).length).toBe(before);
    const allowed = await harness.request('PUT', overrideUrl(), { browser: analyst, body });
    expect(allowed.statusCode).toBe(200);
    const changes = await changesOf();
    expect(changes.length).toBe(before + 1);
    expect(changes[0]).toMatchObject({
      actor: 'security-analyst',
      target: `${deviceId} location`,
      after: 'ICU bed 3',
    });
    // An API token carries no ambient authority: it needs no CSRF token.
    const byToken = await harness.request('PUT', overrideUrl(), {
      headers: { authorization: `Bearer ${harness.tokens.get('clinical-engineer')}` },
      body: { value: 'ICU bed 4' },
    });
    expect(byToken.statusCode).toBe(200);
    expect((await changesOf())[0]).toMatchObject({
      actor: 'token:clinical-engineer token',
      after: 'ICU bed 4',
    });
  });

  it('locks an account after five failed sign-ins, even for the right password, until the lock runs out', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1)
      statuses.push(
        (
          await harness.request('POST', '/api/v1/auth/login', {
            body: { username: 'viewer', password: 'wrong password!' },
          })
        ).statusCode,
      );
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    const locked = await harness.request('POST', '/api/v1/auth/login', {
      body: { username: 'viewer', password },
    });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error).toMatch(/locked until/);
    const audit = await harness.store.audit.list(100, { search: 'viewer' });
    expect(audit.filter((row) => row.action === 'login-failed').length).toBe(6);
    expect(audit.some((row) => row.action === 'account-locked')).toBe(true);
    harness.clock.nowMs += 15 * 60_000 + 1_000;
    const unlocked = await harness.request('POST', '/api/v1/auth/login', {
      body: { username: 'viewer', password },
    });
    expect(unlocked.statusCode).toBe(200);
    expect((await harness.store.audit.list(5, { search: 'viewer' }))[0]).toMatchObject({
      action: 'login',
      actor: 'viewer',
    });
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    const unknown = await harness.request('POST', '/api/v1/auth/login', {
      body: { username: 'nobody', password },
    });
    const wrong = await harness.request('POST', '/api/v1/auth/login', {
      body: { username: 'auditor', password: 'not it at all' },
    });
    expect([unknown.statusCode, unknown.json()]).toEqual([wrong.statusCode, wrong.json()]);
  });

  it('ends a session idle longer than the idle timeout, and any session at the absolute timeout', async () => {
    const idle = await harness.signIn('auditor');
    expect((await harness.request('GET', '/api/v1/devices', { browser: idle })).statusCode).toBe(200);
    harness.clock.nowMs += 15 * 60_000 + 1_000;
    const timedOut = await harness.request('GET', '/api/v1/devices', { browser: idle });
    expect(timedOut.statusCode).toBe(401);
    expect(timedOut.json().error).toMatch(/timed out \(idle\)/);
    // Busy all along (a request every ten minutes), it still ends an hour after sign-in.
    const busy = await harness.signIn('auditor');
    for (let minutes = 10; minutes < 60; minutes += 10) {
      harness.clock.nowMs += 10 * 60_000;
      expect(
        (await harness.request('GET', '/api/v1/devices', { browser: busy })).statusCode,
        `${minutes} min`,
      ).toBe(200);
    }
    harness.clock.nowMs += 10 * 60_000 + 1_000;
    const ended = await harness.request('GET', '/api/v1/devices', { browser: busy });
    expect(ended.statusCode).toBe(401);
    expect(ended.json().error).toMatch(/timed out \(absolute\)/);
  });

  it('sets the session cookie Secure, HttpOnly and SameSite=Strict, under a new value after each step', async () => {
    harness.clock.nowMs += 60_000;
    const login = await harness.request('POST', '/api/v1/auth/login', {
      body: { username: 'administrator', password },
    });
    const first = login.cookies.find((cookie) => cookie.name === 'vigil_session')!;
    expect(first).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    const pending = browserOf(login);
    expect(pending.state).toBe('second-factor');
    expect((await harness.request('GET', '/api/v1/devices', { browser: pending })).statusCode).toBe(401);
    const code = totpCode(harness.totpSecrets.get('administrator')!, harness.clock.nowMs);
    const second = await harness.request('POST', '/api/v1/auth/second-factor', {
      browser: pending,
      body: { code },
    });
    expect(second.statusCode).toBe(200);
    const signedIn = browserOf(second);
    expect(signedIn.cookie).not.toBe(pending.cookie);
    expect((await harness.request('GET', '/api/v1/devices', { browser: pending })).statusCode).toBe(401);
    expect((await harness.request('GET', '/api/v1/users', { browser: signedIn })).statusCode).toBe(200);
    // The same code again, within its 30 seconds, is a replay.
    const again = browserOf(
      await harness.request('POST', '/api/v1/auth/login', { body: { username: 'administrator', password } }),
    );
    const replay = await harness.request('POST', '/api/v1/auth/second-factor', {
      browser: again,
      body: { code },
    });
    expect(replay.statusCode).toBe(401);
  });

  it('makes an administrator without TOTP set it up before anything else, and records it', async () => {
    harness.clock.nowMs += 60_000;
    const admin = await harness.signIn('administrator');
    const created = await harness.request('POST', '/api/v1/users', {
      browser: admin,
      body: { username: 'second.admin', password, role: 'administrator' },
    });
    expect(created.statusCode).toBe(201);
    const enrolling = browserOf(
      await harness.request('POST', '/api/v1/auth/login', { body: { username: 'second.admin', password } }),
    );
    expect(enrolling.state).toBe('enrol');
    expect((await harness.request('GET', '/api/v1/devices', { browser: enrolling })).json().error).toMatch(
      /two-factor/,
    );
    const enrolment = (
      await harness.request('POST', '/api/v1/auth/enrol', { browser: enrolling })
    ).json() as {
      secret: string;
      uri: string;
      qrSvg: string;
    };
    expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\/Vigil:second.admin\?/);
    expect(enrolment.qrSvg).toMatch(/^<svg/);
    const confirmed = await harness.request('POST', '/api/v1/auth/enrol/confirm', {
      browser: enrolling,
      body: { code: totpCode(enrolment.secret, harness.clock.nowMs) },
    });
    expect(confirmed.statusCode).toBe(200);
    const recoveryCodes = confirmed.json().recoveryCodes as string[];
    expect(recoveryCodes).toHaveLength(10);
    expect(
      (await harness.request('GET', '/api/v1/devices', { browser: browserOf(confirmed) })).statusCode,
    ).toBe(200);
    // A recovery code signs in once.
    harness.clock.nowMs += 60_000;
    for (const expected of [200, 401]) {
      const pending = browserOf(
        await harness.request('POST', '/api/v1/auth/login', { body: { username: 'second.admin', password } }),
      );
      const recovered = await harness.request('POST', '/api/v1/auth/second-factor', {
        browser: pending,
        body: { code: recoveryCodes[0] },
      });
      expect(recovered.statusCode).toBe(expected);
    }
    const actions = (await harness.store.audit.list(50, { search: 'second.admin' })).map((row) => row.action);
    expect(actions).toEqual(
      expect.arrayContaining(['user-created', 'second-factor-enrolled', 'recovery-code-used', 'login']),
    );
  });

  it('records a role change, ends the sessions of the user, and stores no token or password as given', async () => {
    harness.clock.nowMs += 60_000;
    const admin = await harness.signIn('administrator');
    const engineer = await harness.signIn('clinical-engineer');
    const user = (await harness.store.users.findByUsername('clinical-engineer'))!;
    const changed = await harness.request('PATCH', `/api/v1/users/${user.id}`, {
      browser: admin,
      body: { role: 'viewer' },
    });
    expect(changed.statusCode).toBe(200);
    expect((await harness.request('GET', '/api/v1/devices', { browser: engineer })).statusCode).toBe(401);
    expect((await harness.store.audit.list(5, { search: 'user-role-changed' }))[0]).toMatchObject({
      actor: 'administrator',
      target: 'clinical-engineer',
      before: 'clinical-engineer',
      after: 'viewer',
    });
    const dump = JSON.stringify([
      await harness.store.db.selectFrom('users').selectAll().execute(),
      await harness.store.db.selectFrom('api_tokens').selectAll().execute(),
      await harness.store.db.selectFrom('sessions').selectAll().execute(),
      await harness.store.audit.list(10_000),
    ]);
    expect(dump).not.toContain(password);
    for (const token of harness.tokens.values()) expect(dump).not.toContain(token);
    expect(dump).not.toContain(admin.cookie);
    expect((await harness.store.users.findByUsername('viewer'))!.passwordHash).toMatch(
      /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/,
    );
  });

  it("resets a lost second factor: the administrator's sessions end and the next sign-in enrols again", async () => {
    harness.clock.nowMs += 60_000;
    const admin = await harness.signIn('administrator');
    const second = (await harness.store.users.findByUsername('second.admin'))!;
    harness.clock.nowMs += 60_000;
    const theirs = browserOf(
      await harness.request('POST', '/api/v1/auth/login', { body: { username: 'second.admin', password } }),
    );
    const reset = await harness.request('POST', `/api/v1/users/${second.id}/reset-second-factor`, {
      browser: admin,
    });
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toMatchObject({ secondFactor: false, secondFactorRequired: true });
    expect(
      (
        await harness.request('POST', '/api/v1/auth/second-factor', {
          browser: theirs,
          body: { code: '123456' },
        })
      ).statusCode,
    ).toBe(401);
    const next = browserOf(
      await harness.request('POST', '/api/v1/auth/login', { body: { username: 'second.admin', password } }),
    );
    expect(next.state).toBe('enrol');
    expect((await harness.store.audit.list(1, { search: 'second-factor-reset' }))[0]).toMatchObject({
      actor: 'administrator',
      target: 'second.admin',
    });
  });

  it('changes a password only with the current one, ending the other sessions', async () => {
    const here = await harness.signIn('auditor');
    const elsewhere = await harness.signIn('auditor');
    const change = (current: string, next: string) =>
      harness.request('POST', '/api/v1/auth/password', { browser: here, body: { current, next } });
    expect((await change('not the password', 'a new password 2027')).statusCode).toBe(401);
    expect((await change(password, 'short')).json()).toMatchObject({ field: 'body.next' });
    expect((await change(password, 'a new password 2027')).statusCode).toBe(200);
    expect((await harness.request('GET', '/api/v1/devices', { browser: here })).statusCode).toBe(200);
    expect((await harness.request('GET', '/api/v1/devices', { browser: elsewhere })).statusCode).toBe(401);
    const old = await harness.request('POST', '/api/v1/auth/login', {
      body: { username: 'auditor', password },
    });
    expect(old.statusCode).toBe(401);
    await harness.signIn('auditor', 'a new password 2027');
    expect((await harness.store.audit.list(1, { search: 'password-changed' }))[0]).toMatchObject({
      actor: 'auditor',
    });
  });

  it('refuses a body that does not match its schema, naming the field', async () => {
    const analyst = await harness.signIn('security-analyst');
    const response = await harness.request('PUT', overrideUrl(), { browser: analyst, body: { value: 42 } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ field: 'body.value' });
    const type = await harness.request('PUT', `/api/v1/devices/${deviceId}/overrides/type`, {
      browser: analyst,
      body: { value: 'toaster' },
    });
    expect(type.statusCode).toBe(400);
    expect(type.json().error).toMatch(/taxonomy/);
  });

  it('throttles sign-in attempts per address', async () => {
    const throttled = await serverHarness(await temporarySqliteStore(), { loginAttemptsPerAddress: 3 });
    try {
      const statuses = [];
      for (let attempt = 0; attempt < 4; attempt += 1)
        statuses.push(
          (
            await throttled.request('POST', '/api/v1/auth/login', {
              body: { username: `guess${attempt}`, password },
            })
          ).statusCode,
        );
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      throttled.server.stop();
      await throttled.server.app.close();
      await throttled.store.close();
    }
  });
});
