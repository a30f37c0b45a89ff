import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { totpCode } from '../src/server/auth/totp.js';
import { temporaryDirectory } from './support/temporary-store.js';
import { vigilOn } from './support/vigil-cli.js';

describe('vigil users and vigil serve', () => {
  const database = join(temporaryDirectory('vigil-serve-'), 'vigil.db');
  const vigil = vigilOn(database);

  it('creates the first administrator with a generated password and TOTP, refusing weak input by field', () => {
    const weak = vigilOn(database)('users', 'add', 'a.keller', '--role', 'administrator', '--password-stdin');
    expect(weak.status).toBe(1);
    expect(weak.stderr).toMatch(/at least 12 characters/);
    const badRole = vigil('users', 'add', 'a.keller', '--role', 'root', '--generate-password');
    expect(badRole.status).toBe(1);
    expect(badRole.stderr).toMatch(/expected one of administrator, security-analyst/);
    const created = vigil(
      'users',
      'add',
      'a.keller',
      '--role',
      'administrator',
      '--generate-password',
      '--json',
    );
    expect(created.status).toBe(0);
    const account = JSON.parse(created.stdout);
    expect(account).toMatchObject({ username: 'a.keller', role: 'administrator', secondFactor: true });
    expect(account.password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(account.totp.uri).toMatch(/^otpauth:\/\/totp\/Vigil:a\.keller\?.*secret=[A-Z2-7]{32}/);
    expect(account.totp.recoveryCodes).toHaveLength(10);
    expect(vigil('users', 'add', 'a.keller', '--role', 'viewer', '--generate-password').stderr).toMatch(
      /exists/,
    );
    const listed = vigil('users', 'list');
    expect(listed.stdout).toMatch(/a\.keller\s+administrator\s+yes/);
    const audit = JSON.parse(vigil('audit', 'list', '--json').stdout) as { action: string; target: string }[];
    expect(audit[0]).toMatchObject({ action: 'user-created', target: 'a.keller' });
  });

  it('serves the API and the console until interrupted, and signs the administrator in', async () => {
    const account = JSON.parse(
      vigil('users', 'add', 'b.okafor', '--role', 'administrator', '--generate-password', '--json').stdout,
    );
    const server = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', '0', '--db', database],
      {
        env: { ...process.env, VIGIL_DB: '' },
      },
    );
    try {
      const origin = await new Promise<string>((resolve, reject) => {
        let output = '';
        server.stdout.on('data', (chunk) => {
          output += String(chunk);
          const match = /Vigil console: (http:\/\/[^/\s]+)\//.exec(output);
          if (match) resolve(match[1]!);
        });
        server.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      expect(await (await fetch(`${origin}/healthz`)).json()).toEqual({ status: 'ok' });
      const page = await fetch(`${origin}/devices`);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      const login = await fetch(`${origin}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'b.okafor', password: account.password }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const second = await fetch(`${origin}/api/v1/auth/second-factor`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify({ code: totpCode(account.totp.secret, Date.now()) }),
      });
      expect(second.status).toBe(200);
      const signedIn = second.headers.get('set-cookie')!.split(';')[0]!;
      const metrics = await fetch(`${origin}/metrics`, { headers: { cookie: signedIn } });
      const exposition = await metrics.text();
      expect(exposition).toMatch(/vigil_sign_in_attempts_total\{step="login",status="200"\} 1/);
      expect(exposition).toMatch(/^vigil_inventory_build_seconds \d/m);
    } finally {
      server.kill('SIGTERM');
    }
    const code = await new Promise((resolve) => server.on('exit', resolve));
    expect(code).toBe(0);
  });
});
