import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Policy } from '../src/segment/policy.js';
import { serverHarness } from './support/server-harness.js';
import { temporarySqliteStore } from './support/temporary-store.js';

type Harness = Awaited<ReturnType<typeof serverHarness>>;

/** The console's segmentation page over the API: generate, read, simulate, approve, and a device's rules. */
describe('segmentation policy over the API', () => {
  let harness: Harness;
  const as = (role: string) => ({
    headers: { authorization: `Bearer ${harness.tokens.get(role as never)}` },
  });

  beforeAll(async () => {
    harness = await serverHarness(await temporarySqliteStore());
  });
  afterAll(async () => {
    harness.server.stop();
    await harness.server.app.close();
    await harness.store.close();
  });

  it('generates a draft for a role that writes policy, checking the body', async () => {
    const analyst = await harness.signIn('security-analyst');
    const bad = await harness.request('POST', '/api/v1/policies', {
      browser: analyst,
      body: { granularity: 'vlan' },
    });
    expect([bad.statusCode, JSON.stringify(bad.json())]).toEqual([
      400,
      expect.stringContaining('granularity'),
    ]);
    const viewer = await harness.signIn('viewer');
    expect(
      (
        await harness.request('POST', '/api/v1/policies', {
          browser: viewer,
          body: { granularity: 'device' },
        })
      ).statusCode,
    ).toBe(403);
    const made = await harness.request('POST', '/api/v1/policies', {
      browser: analyst,
      body: { granularity: 'device' },
    });
    expect(made.statusCode, made.body).toBe(200);
    expect(made.json()).toMatchObject({ id: 'pol-1', rules: expect.any(Number) });
    const listed = await harness.request('GET', '/api/v1/policies', as('auditor'));
    expect(
      (listed.json() as { versions: { id: string; status: string; createdBy: string }[] }).versions,
    ).toEqual([expect.objectContaining({ id: 'pol-1', status: 'draft', createdBy: 'security-analyst' })]);
  });

  it('simulates the version on the stored flows, with the group matrix, and lists a device’s rules', async () => {
    const simulated = await harness.request(
      'GET',
      '/api/v1/policies/pol-1/simulation',
      as('security-analyst'),
    );
    expect(simulated.statusCode, simulated.body).toBe(200);
    const body = simulated.json() as {
      totals: { flows: number; blocked: number; clinicalBlocked: number };
      matrix: { from: string; to: string; allowed: number; blocked: number }[];
      rules: { rule: string; flows: number }[];
    };
    // Learned from these same flows: every routed one is allowed.
    expect(body.totals.flows).toBe(await harness.store.flows.count());
    expect([body.totals.blocked, body.totals.clinicalBlocked]).toEqual([0, 0]);
    expect(body.matrix.length).toBeGreaterThan(0);
    expect(body.matrix.every((cell) => cell.blocked === 0 && cell.allowed > 0)).toBe(true);
    const policy = (await harness.request('GET', '/api/v1/policies/pol-1', as('viewer'))).statusCode;
    expect(policy).toBe(403);
    const full = (await harness.request('GET', '/api/v1/policies/pol-1', as('auditor'))).json() as Policy;
    const grouped = full.groups.find((group) => group.kind === 'device' && group.deviceIds.length > 0)!;
    const rules = await harness.request(
      'GET',
      `/api/v1/devices/${grouped.deviceIds[0]}/policy-rules`,
      as('auditor'),
    );
    const listed = rules.json() as { group: { id: string }; rules: { from: string; to: string }[] };
    expect(listed.group.id).toBe(grouped.id);
    expect(listed.rules.length).toBeGreaterThan(0);
    const comms = await harness.request('GET', `/api/v1/devices/${grouped.deviceIds[0]}/comms`, as('viewer'));
    expect(comms.statusCode, comms.body).toBe(200);
    expect((comms.json() as { services: unknown[] }).services.length).toBeGreaterThan(0);
    expect(
      listed.rules.every((rule) =>
        [rule.from, rule.to].some((id) =>
          full.groups.find((group) => group.id === id)?.deviceIds.includes(grouped.deviceIds[0]!),
        ),
      ),
    ).toBe(true);
  });

  it('is approved by a signed-in person whose role may, not by a token nor by its author', async () => {
    expect(
      (await harness.request('POST', '/api/v1/policies/pol-1/approve', as('clinical-engineer'))).statusCode,
    ).toBe(403);
    const analyst = await harness.signIn('security-analyst');
    expect(
      (await harness.request('POST', '/api/v1/policies/pol-1/approve', { browser: analyst })).statusCode,
    ).toBe(403);
    const administrator = await harness.signIn('administrator');
    const again = await harness.request('POST', '/api/v1/policies', {
      browser: administrator,
      body: { granularity: 'zone' },
    });
    expect(again.json()).toMatchObject({ id: 'pol-2' });
    const ownDraft = await harness.request('POST', '/api/v1/policies/pol-2/approve', {
      browser: administrator,
    });
    expect([ownDraft.statusCode, ownDraft.json().error]).toEqual([
      409,
      expect.stringMatching(/someone else must approve/),
    ]);
    const engineer = await harness.signIn('clinical-engineer');
    const approved = await harness.request('POST', '/api/v1/policies/pol-1/approve', { browser: engineer });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({
      id: 'pol-1',
      status: 'approved',
      approvedBy: 'clinical-engineer',
    });
    const diff = await harness.request('GET', '/api/v1/policies/pol-2/diff', as('auditor'));
    expect(diff.json()).toMatchObject({ from: 'pol-1', to: 'pol-2', changes: expect.any(Array) });
    const audit = await harness.store.audit.list(20);
    expect(audit.map((entry) => `${entry.action} ${entry.target} ${entry.actor}`)).toEqual(
      expect.arrayContaining([
        'policy-generated pol-1 security-analyst',
        'policy-generated pol-2 administrator',
        'policy-approved pol-1 clinical-engineer',
      ]),
    );
  });
});
