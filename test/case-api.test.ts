import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineConfig } from '../src/config/defaults.js';
import { recordAlerts } from '../src/detect/record-alerts.js';
import { ingestCapture } from '../src/ingest/ingest-capture.js';
import { OuiRegistry } from '../src/inventory/oui-registry.js';
import { simulateHospital } from '../src/sim/simulate.js';
import { serverHarness } from './support/server-harness.js';
import { temporaryDirectory, temporarySqliteStore } from './support/temporary-store.js';

type Harness = Awaited<ReturnType<typeof serverHarness>>;

/** Incident cases over the API: opened, noted and moved by the roles that work them, read by auditors. */
describe('incident cases over the API', () => {
  let harness: Harness;
  let alertId = '';

  beforeAll(async () => {
    harness = await serverHarness(await temporarySqliteStore());
    const at = Date.parse('2026-12-01T10:00:00Z');
    const [alert] = (
      await recordAlerts(
        harness.store,
        [
          {
            type: 'lateral-movement',
            key: '10.40.1.8',
            severity: 'critical',
            techniques: ['T0886'],
            summary: '10.40.1.8 opened SMB sessions with 6 hosts',
            remedy: 'Isolate the host.',
            sources: [{ ip: '10.40.1.8', mac: undefined }],
            targets: [{ ip: '10.40.2.3', mac: undefined }],
            firstSeenMs: at,
            lastSeenMs: at + 60_000,
            count: 6,
            evidence: [],
            detail: {},
          },
        ],
        at + 120_000,
        20,
      )
    ).raised;
    alertId = alert!.id;
  });
  afterAll(async () => {
    harness.server.stop();
    await harness.server.app.close();
    await harness.store.close();
  });

  it('opens, notes and moves a case as the signed-in person, refusing what it cannot use', async () => {
    const analyst = await harness.signIn('security-analyst');
    const bad = await harness.request('POST', '/api/v1/cases', {
      browser: analyst,
      body: { fromAlerts: ['alr-0000000000000000'] },
    });
    expect([bad.statusCode, bad.json()]).toEqual([
      400,
      { error: 'fromAlerts: no alert alr-0000000000000000 in this store', field: 'fromAlerts' },
    ]);
    const badZone = await harness.request('POST', '/api/v1/cases', {
      browser: analyst,
      body: { title: 'x', timeZone: 'Mars/Olympus' },
    });
    expect(badZone.statusCode).toBe(400);

    const opened = await harness.request('POST', '/api/v1/cases', {
      browser: analyst,
      body: { fromAlerts: [alertId], discoveredOn: '2026-12-01', owner: 'IR lead' },
    });
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json()).toMatchObject({ id: 'case-1', severity: 'critical', openedBy: 'security-analyst' });

    const engineer = await harness.signIn('clinical-engineer');
    const noted = await harness.request('POST', '/api/v1/cases/case-1/notes', {
      browser: engineer,
      body: { text: 'Pumps on ward 4 switched to manual programming.' },
    });
    expect(noted.statusCode, noted.body).toBe(200);
    const moved = await harness.request('POST', '/api/v1/cases/case-1/status', {
      browser: engineer,
      body: { status: 'containment' },
    });
    expect(moved.json()).toMatchObject({ status: 'containment' });
    const wrongPhase = await harness.request('POST', '/api/v1/cases/case-1/status', {
      browser: engineer,
      body: { status: 'done' },
    });
    expect(wrongPhase.statusCode).toBe(400);
    const missing = await harness.request('POST', '/api/v1/cases/case-7/notes', {
      browser: engineer,
      body: { text: 'x' },
    });
    expect(missing.statusCode).toBe(404);

    const stepped = await harness.request('POST', '/api/v1/cases/case-1/steps', {
      browser: engineer,
      body: { step: 'intrusion/clinical-check', note: 'Ward 4 informed' },
    });
    expect(stepped.statusCode, stepped.body).toBe(200);
    const wrongStep = await harness.request('POST', '/api/v1/cases/case-1/steps', {
      browser: engineer,
      body: { step: 'intrusion/nothing' },
    });
    expect([wrongStep.statusCode, wrongStep.json().field]).toEqual([400, 'step']);
    const assessed = await harness.request('POST', '/api/v1/cases/case-1/breach-assessment', {
      browser: analyst,
      body: { conclusion: 'low-probability', reasoning: 'SMB sessions only, no data moved', individuals: 0 },
    });
    expect(assessed.json()).toMatchObject({ conclusion: 'low-probability', assessedBy: 'security-analyst' });
    const auditor = await harness.signIn('auditor');
    const shown = await harness.request('GET', '/api/v1/cases/case-1', { browser: auditor });
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toMatchObject({
      id: 'case-1',
      status: 'containment',
      alerts: [alertId],
      breach: { discoveredOn: '2026-12-01', deadline: '2027-01-30' },
      notes: [{ by: 'clinical-engineer', text: 'Pumps on ward 4 switched to manual programming.' }],
    });
    expect(shown.json().timeline.map((entry: { kind: string }) => entry.kind)).toEqual([
      'alert',
      'alert',
      // Opened, noted, moved, stepped and assessed within the same instant (the test's clock stands still).
      'audit',
      'audit',
      'audit',
      'audit',
      'note',
    ]);
    const report = await harness.request('GET', '/api/v1/cases/case-1/report', { browser: auditor });
    expect(report.headers['content-type']).toContain('text/markdown');
    expect(report.body).toContain('| intrusion/clinical-check | containment | clinical engineer |');
    // An auditor reads cases and changes none; a viewer does not see them.
    expect(
      (await harness.request('POST', '/api/v1/cases', { browser: auditor, body: { title: 'x' } })).statusCode,
    ).toBe(403);
    const viewer = await harness.signIn('viewer');
    expect((await harness.request('GET', '/api/v1/cases', { browser: viewer })).statusCode).toBe(403);
    expect(
      (await harness.request('GET', '/api/v1/cases', { browser: auditor }))
        .json()
        .cases.map((found: { id: string }) => found.id),
    ).toEqual(['case-1']);
  });
});

/**
 * Containment over the API: an analyst proposes isolating a life-sustaining pump, a viewer cannot
 * approve it, the proposer cannot approve their own, a clinical engineer can; the rules download
 * only once approved. Packets as evidence: only a role holding evidence:export, with a reason.
 */
describe('case isolation over the API', () => {
  let harness: Harness;
  let pumpId = '';

  beforeAll(async () => {
    const store = await temporarySqliteStore();
    const capture = join(temporaryDirectory('vigil-case-api-'), 'ward.pcapng');
    simulateHospital({ devices: 40, durationSeconds: 600, seed: 8, out: capture });
    await ingestCapture({ capture, store, config: pipelineConfig(), ouiRegistry: OuiRegistry.load() });
    const pump = (await store.devices.list()).find(
      (device) => device.classification.clinicalFunction === 'life-sustaining',
    );
    pumpId = pump!.id;
    harness = await serverHarness(store);
  }, 120_000);
  afterAll(async () => {
    harness.server.stop();
    await harness.server.app.close();
    await harness.store.close();
  });

  it('needs a second person holding isolation:approve before the rules export, and evidence:export for packets', async () => {
    const analyst = await harness.signIn('security-analyst');
    const opened = await harness.request('POST', '/api/v1/cases', {
      browser: analyst,
      body: { device: pumpId },
    });
    expect(opened.statusCode, opened.body).toBe(200);
    const caseId = opened.json().id as string;
    const proposed = await harness.request('POST', `/api/v1/cases/${caseId}/isolation`, {
      browser: analyst,
      body: { keepClinical: true },
    });
    expect(proposed.statusCode, proposed.body).toBe(200);
    expect(proposed.json()).toMatchObject({ status: 'awaiting-approval', proposedBy: 'security-analyst' });
    expect(proposed.json().impact.flows).toBeGreaterThan(0);
    const early = await harness.request('GET', `/api/v1/cases/${caseId}/isolation/export?format=nftables`, {
      browser: analyst,
    });
    expect([early.statusCode, early.json().field]).toEqual([409, 'isolation']);

    const viewer = await harness.signIn('viewer');
    const auditor = await harness.signIn('auditor');
    for (const browser of [viewer, auditor, analyst])
      expect(
        (await harness.request('POST', `/api/v1/cases/${caseId}/isolation/approve`, { browser })).statusCode,
      ).toBe(403);
    const admin = await harness.signIn('administrator');
    const adminProposed = await harness.request('POST', `/api/v1/cases/${caseId}/isolation`, {
      browser: admin,
      body: {},
    });
    expect(adminProposed.json()).toMatchObject({ seq: 2, status: 'awaiting-approval' });
    const ownApproval = await harness.request('POST', `/api/v1/cases/${caseId}/isolation/approve`, {
      browser: admin,
    });
    expect(ownApproval.statusCode).toBe(409);
    expect(ownApproval.json().error).toContain('a second person approves it');

    const engineer = await harness.signIn('clinical-engineer');
    const approved = await harness.request('POST', `/api/v1/cases/${caseId}/isolation/approve`, {
      browser: engineer,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ seq: 2, status: 'ready', approvedBy: 'clinical-engineer' });
    const rules = await harness.request('GET', `/api/v1/cases/${caseId}/isolation/export?format=ise`, {
      browser: analyst,
    });
    expect(rules.statusCode, rules.body).toBe(200);
    expect(rules.body).toContain('sgt 255');
    expect(
      (await harness.request('GET', `/api/v1/cases/${caseId}/isolation/export`, { browser: viewer }))
        .statusCode,
    ).toBe(403);
    const applied = await harness.request('POST', `/api/v1/cases/${caseId}/isolation/applied`, {
      browser: analyst,
    });
    expect(applied.json()).toMatchObject({ status: 'applied', appliedBy: 'security-analyst' });
    const shown = await harness.request('GET', `/api/v1/cases/${caseId}`, { browser: auditor });
    expect(shown.json().isolations.map((isolation: { status: string }) => isolation.status)).toEqual([
      'superseded',
      'applied',
    ]);

    // Evidence: packets may carry patient data, so only evidence:export carves or downloads them.
    const window = { from: '2026-01-05T00:00:00Z', to: '2026-01-06T00:00:00Z' };
    for (const browser of [viewer, auditor, engineer])
      expect(
        (
          await harness.request('POST', `/api/v1/cases/${caseId}/evidence`, {
            browser,
            body: { reason: 'forensics', ...window },
          })
        ).statusCode,
      ).toBe(403);
    const noReason = await harness.request('POST', `/api/v1/cases/${caseId}/evidence`, {
      browser: analyst,
      body: { reason: ' ', ...window },
    });
    expect([noReason.statusCode, noReason.json().field]).toEqual([400, 'body.reason']);
    const exported = await harness.request('POST', `/api/v1/cases/${caseId}/evidence`, {
      browser: analyst,
      body: { reason: 'pump forensics', destination: 'manufacturer', ...window },
    });
    expect(exported.statusCode, exported.body).toBe(200);
    const custody = exported.json();
    expect(custody.packets).toBeGreaterThan(0);
    expect(statSync(custody.file).mode & 0o777).toBe(0o600);
    expect(
      (await harness.request('GET', `/api/v1/cases/${caseId}/evidence/1`, { browser: analyst })).statusCode,
    ).toBe(400);
    const download = await harness.request(
      'GET',
      `/api/v1/cases/${caseId}/evidence/1?reason=${encodeURIComponent('send to the manufacturer')}`,
      { browser: analyst },
    );
    expect(download.statusCode).toBe(200);
    expect(createHash('sha256').update(download.rawPayload).digest('hex')).toBe(custody.sha256);
    expect(
      (await harness.request('GET', `/api/v1/cases/${caseId}/evidence/1?reason=x`, { browser: viewer }))
        .statusCode,
    ).toBe(403);
    const trail = (await harness.store.audit.list(100, { target: caseId })).map((row) => row.action);
    expect(trail).toEqual(
      expect.arrayContaining([
        'case-opened',
        'case-isolation-proposed',
        'case-isolation-approved',
        'case-isolation-exported',
        'case-isolation-applied',
        'case-evidence-exported',
        'case-evidence-downloaded',
      ]),
    );

    const pdf = await harness.request('GET', `/api/v1/cases/${caseId}/report?format=pdf`, {
      browser: auditor,
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
