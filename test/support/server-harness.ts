import type { LightMyRequestResponse } from 'fastify';
import type { ServerConfig } from '../../src/config/defaults.js';
import { pipelineConfig } from '../../src/config/defaults.js';
import { ingestCapture } from '../../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../../src/inventory/oui-registry.js';
import { loadRiskModel } from '../../src/risk/risk-model.js';
import { type Role, roles } from '../../src/server/access/permissions.js';
import { buildServer, type VigilServer } from '../../src/server/app.js';
import { createAccount } from '../../src/server/auth/accounts.js';
import { createApiToken } from '../../src/server/auth/api-tokens.js';
import { totpCode } from '../../src/server/auth/totp.js';
import type { Store } from '../../src/store/open-store.js';

export const password = 'a long enough password 42';

/** A signed-in (or signing-in) browser: its cookie and CSRF token. */
export interface Browser {
  cookie: string;
  csrfToken: string;
  state: string;
}

/**
 * A server on a store holding the real example capture (dnsmasq leasing to five clients), one
 * account and one API token per role, and a clock the test moves.
 */
export async function serverHarness(store: Store, config: Partial<ServerConfig> = {}) {
  await ingestCapture({
    capture: 'examples/clinic-dhcp.pcapng',
    store,
    config: pipelineConfig(),
    ouiRegistry: OuiRegistry.load(),
  });
  const clock = { nowMs: Date.now() };
  const totpSecrets = new Map<Role, string>();
  const tokens = new Map<Role, string>();
  for (const role of roles) {
    const created = await createAccount(
      store,
      { username: role, password, role, createdBy: 'test', enrolSecondFactor: role === 'administrator' },
      clock.nowMs,
    );
    if (created.totp) totpSecrets.set(role, created.totp.secret);
    tokens.set(
      role,
      (
        await createApiToken(
          store,
          { name: `${role} token`, role, createdBy: 'test', expiresAt: null },
          clock.nowMs,
        )
      ).token,
    );
  }
  const server: VigilServer = await buildServer({
    store,
    riskModel: loadRiskModel(),
    config,
    now: () => clock.nowMs,
  });

  async function request(
    method: string,
    url: string,
    options: {
      browser?: Browser;
      body?: unknown;
      csrf?: string | null;
      headers?: Record<string, string>;
      /** The caller's address (127.0.0.1 unless given). */
      address?: string;
    } = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.browser) {
      headers.cookie = `vigil_session=${options.browser.cookie}`;
      const csrf = options.csrf === undefined ? options.browser.csrfToken : options.csrf;
      if (csrf !== null) headers['x-csrf-token'] = csrf;
    }
    return server.app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(options.address === undefined ? {} : { remoteAddress: options.address }),
      ...(options.body === undefined ? {} : { payload: options.body as object }),
    });
  }

  /** Signs in with the password and, for an administrator, the current TOTP code. */
  async function signIn(username: string, secret = password): Promise<Browser> {
    const login = await request('POST', '/api/v1/auth/login', { body: { username, password: secret } });
    if (login.statusCode !== 200)
      throw new Error(`sign-in of ${username}: ${login.statusCode} ${login.body}`);
    let browser = browserOf(login);
    const totp = totpSecrets.get(username as Role);
    if (browser.state === 'second-factor' && totp) {
      const second = await request('POST', '/api/v1/auth/second-factor', {
        browser,
        body: { code: totpCode(totp, clock.nowMs) },
      });
      if (second.statusCode !== 200) throw new Error(`second factor of ${username}: ${second.body}`);
      browser = browserOf(second);
    }
    return browser;
  }

  return { server, store, clock, totpSecrets, tokens, request, signIn };
}

export function browserOf(response: LightMyRequestResponse): Browser {
  const cookie = response.cookies.find((candidate) => candidate.name === 'vigil_session');
  const body = response.json() as { csrfToken: string; state: string };
  if (cookie === undefined) throw new Error('no session cookie in the answer');
  return { cookie: cookie.value, csrfToken: body.csrfToken, state: body.state };
}
