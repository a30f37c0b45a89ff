import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRiskModel } from '../src/risk/risk-model.js';
import { buildServer } from '../src/server/app.js';
import { webRoot } from '../src/server/web-assets.js';
import { type Browser, serverHarness } from './support/server-harness.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';

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
    expect(row?.actor).not.toMatch(/[\p{Cc}\p{Cf}]/u);
  });

  it('lets only what the user does keep a session alive: background reloads do not', async () => {
    const idle = await harness.signIn('security-analyst');
    const busy = await harness.signIn('clinical-engineer');
    const started = harness.clock.nowMs;
    const overview = (browser: Browser, background: boolean) =>
      harness.request('GET', '/api/v1/overview', {
        browser,
        headers: background ? { 'x-vigil-background': '1' } : {},
      });
    harness.clock.nowMs = started + 10 * 60_000;
    expect((await overview(idle, true)).statusCode).toBe(200);
    expect((await overview(busy, false)).statusCode).toBe(200);
    harness.clock.nowMs = started + 16 * 60_000;
    // 16 minutes since the analyst last did anything: the console's reloads did not count.
    const ended = await overview(idle, true);
    expect(ended.statusCode).toBe(401);
    expect(ended.json().error).toMatch(/timed out \(idle\)/);
    expect((await overview(busy, true)).statusCode).toBe(200);
    harness.clock.nowMs = Date.now();
  });

  it('tells the console its idle limit, for the automatic logoff it shows', async () => {
    const browser = await harness.signIn('auditor');
    const session = await harness.request('GET', '/api/v1/auth/session', { browser });
    expect(session.json().idleTimeoutMs).toBe(15 * 60_000);
  });

  it('refuses requests whose Host is not a name of this server (DNS rebinding)', async () => {
    const rebound = await harness.request('GET', '/healthz', {
      headers: { host: 'rebind.attacker.example' },
    });
    expect(rebound.statusCode).toBe(421);
    expect(rebound.json().error).toMatch(/--public-host rebind\.attacker\.example/);
    for (const host of ['localhost:8080', '127.0.0.1:8080', '[::1]:8080'])
      expect((await harness.request('GET', '/healthz', { headers: { host } })).statusCode).toBe(200);
    const named = await buildServer({
      store: harness.store,
      riskModel: loadRiskModel(),
      listenHost: '0.0.0.0',
      publicHosts: ['vigil.hospital.example'],
    });
    try {
      const inject = (host: string) =>
        named.app.inject({ method: 'GET', url: '/healthz', headers: { host } });
      expect((await inject('vigil.hospital.example:8443')).statusCode).toBe(200);
      expect((await inject('10.17.0.40:8443')).statusCode).toBe(421);
    } finally {
      named.stop();
      await named.app.close();
    }
  });

  it('sends HSTS when it serves TLS, and not over plain HTTP', async () => {
    const directory = temporaryDirectory();
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        join(directory, 'key.pem'),
        '-out',
        join(directory, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const tls = await buildServer({
      store: harness.store,
      riskModel: loadRiskModel(),
      https: {
        key: readFileSync(join(directory, 'key.pem')),
        cert: readFileSync(join(directory, 'cert.pem')),
      },
    });
    try {
      const answer = await tls.app.inject({ method: 'GET', url: '/healthz' });
      expect(answer.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    } finally {
      tls.stop();
      await tls.app.close();
    }
    const plain = await harness.request('GET', '/healthz');
    expect(plain.headers['strict-transport-security']).toBeUndefined();
  });

  it.skipIf(!existsSync(join(webRoot, 'index.html')) && process.env.CI !== 'true')(
    'caches hashed console assets for good, and neither the page nor a missing asset',
    async () => {
      const page = await harness.request('GET', '/devices');
      expect(page.statusCode).toBe(200);
      expect(page.headers['cache-control']).toBe('no-store');
      const asset = readdirSync(join(webRoot, 'assets')).find((name) => name.endsWith('.js'))!;
      const cached = await harness.request('GET', `/assets/${asset}`);
      expect(cached.statusCode).toBe(200);
      expect(cached.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const missing = await harness.request('GET', '/assets/index-00000000.js');
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['cache-control']).toBe('no-store');
    },
  );
});

describe('the event stream lives no longer than what opened it', () => {
  let harness: Harness;
  let origin: string;

  beforeAll(async () => {
    harness = await serverHarness(await temporarySqliteStore(), {
      loginAttemptsPerAddress: 100,
      eventStreamCheckMs: 200,
    });
    origin = await harness.server.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    harness.server.stop();
    await harness.server.app.close();
    await harness.store.close();
  });

  /** Opens the stream and collects what it says until it ends. */
  async function openStream(headers: Record<string, string>) {
    const abort = new AbortController();
    const response = await fetch(`${origin}/api/v1/events`, { headers, signal: abort.signal });
    const received: string[] = [];
    const ended = (async () => {
      if (response.body === null) return;
      const decoder = new TextDecoder();
      try {
        for await (const chunk of response.body) received.push(decoder.decode(chunk as Uint8Array));
      } catch {
        // Aborted by the test.
      }
    })();
    return { response, received, ended, abort: () => abort.abort() };
  }

  const within = <T>(promise: Promise<T>, ms: number) =>
    Promise.race([
      promise,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms)),
    ]);

  it('ends at logout, carries the security headers, and delivers nothing after', async () => {
    const browser = await harness.signIn('viewer');
    const stream = await openStream({ cookie: `vigil_session=${browser.cookie}` });
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(stream.response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    harness.server.context.events.publish({ type: 'inventory-changed', at: new Date().toISOString() });
    await expect.poll(() => stream.received.join('').includes('inventory-changed')).toBe(true);
    const logout = await harness.request('POST', '/api/v1/auth/logout', { browser });
    expect(logout.statusCode).toBe(200);
    await within(stream.ended, 2_000);
    harness.server.context.events.publish({
      type: 'device-changed',
      deviceId: 'dev-x',
      at: new Date().toISOString(),
    });
    expect(stream.received.join('')).not.toContain('device-changed');
  });

  it('ends when its token is revoked', async () => {
    // One sign-in: a TOTP code is accepted once.
    const administrator = await harness.signIn('administrator');
    const created = await harness.request('POST', '/api/v1/tokens', {
      browser: administrator,
      body: { name: 'siem', role: 'viewer' },
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json() as { token: string; id: string };
    const stream = await openStream({ authorization: `Bearer ${token}` });
    expect(stream.response.status).toBe(200);
    const revoked = await harness.request('DELETE', `/api/v1/tokens/${id}`, { browser: administrator });
    expect(revoked.statusCode).toBe(200);
    await within(stream.ended, 2_000);
  });

  it('ends when its session times out, without delivering the event that came after', async () => {
    const browser = await harness.signIn('auditor');
    const stream = await openStream({ cookie: `vigil_session=${browser.cookie}` });
    harness.clock.nowMs += 16 * 60_000;
    harness.server.context.events.publish({
      type: 'device-changed',
      deviceId: 'dev-y',
      at: new Date().toISOString(),
    });
    await within(stream.ended, 2_000);
    expect(stream.received.join('')).not.toContain('dev-y');
    harness.clock.nowMs = Date.now();
  });

  it('lets one caller hold at most four streams', async () => {
    const token = harness.tokens.get('viewer')!;
    const streams = [];
    for (let index = 0; index < 4; index += 1)
      streams.push(await openStream({ authorization: `Bearer ${token}` }));
    expect(streams.map((stream) => stream.response.status)).toEqual([200, 200, 200, 200]);
    const fifth = await fetch(`${origin}/api/v1/events`, { headers: { authorization: `Bearer ${token}` } });
    expect(fifth.status).toBe(429);
    for (const stream of streams) stream.abort();
    await Promise.all(streams.map((stream) => stream.ended));
  });
});
