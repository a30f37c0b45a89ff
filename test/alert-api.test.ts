import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../src/detect/alert.js';
import { recordAlerts } from '../src/detect/record-alerts.js';
import { serverHarness } from './support/server-harness.js';
import { temporarySqliteStore } from './support/temporary-store.js';

type Harness = Awaited<ReturnType<typeof serverHarness>>;

describe('alerts over the API', () => {
  let harness: Harness;
  let id: string;
  beforeAll(async () => {
    harness = await serverHarness(await temporarySqliteStore());
    const recorded = await recordAlerts(
      harness.store,
      [
        {
          type: 'port-scan',
          key: '10.77.0.66',
          severity: 'medium',
          techniques: ['T0846', 'T1046'],
          summary: '10.77.0.66 probed 40 ports on 10.77.0.1',
          remedy: 'Find who scans.',
          sources: [{ ip: '10.77.0.66', mac: undefined }],
          targets: [{ ip: '10.77.0.1', mac: undefined }],
          firstSeenMs: Date.parse('2026-12-01T10:00:00Z'),
          lastSeenMs: Date.parse('2026-12-01T10:01:00Z'),
          count: 40,
          evidence: [{ capture: 'ward.pcap', packetNumber: 12, fileOffset: 1_200, note: 'TCP SYN probe' }],
          detail: { ports: ['22/tcp'] },
        },
      ],
      harness.clock.nowMs,
      20,
    );
    id = recorded.raised[0]!.id;
  });
  afterAll(async () => {
    harness.server.stop();
    await harness.server.app.close();
    await harness.store.close();
  });

  const as = (role: string) => ({
    headers: { authorization: `Bearer ${harness.tokens.get(role as never)}` },
  });

  it('lists alerts to the roles that read them, with the target tied to its device', async () => {
    const listed = await harness.request(
      'GET',
      '/api/v1/alerts?status=new&severity=medium',
      as('security-analyst'),
    );
    expect(listed.statusCode).toBe(200);
    const [alert] = listed.json().alerts as Alert[];
    expect(alert).toMatchObject({ id, type: 'port-scan', status: 'new', count: 40 });
    // 10.77.0.1 is the clinic's DHCP server in the harness's capture.
    expect(alert?.targets[0]?.deviceId).toMatch(/^dev-/);
    expect((await harness.request('GET', '/api/v1/alerts', as('viewer'))).statusCode).toBe(403);
    expect((await harness.request('GET', '/api/v1/alerts?status=open', as('auditor'))).statusCode).toBe(400);
  });

  it('counts alerts per detector in the Prometheus metrics', async () => {
    const metrics = await harness.request('GET', '/metrics', as('security-analyst'));
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('vigil_alerts{detector="port-scan",severity="medium",status="new"} 1');
    expect(metrics.body).toContain('vigil_alert_detections{detector="port-scan"} 40');
  });

  it('works an alert: a false positive needs a note, and every change is audited', async () => {
    const refused = await harness.request('PATCH', `/api/v1/alerts/${id}`, {
      ...as('security-analyst'),
      body: { status: 'false-positive' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatch(/needs note/);
    const changed = await harness.request('PATCH', `/api/v1/alerts/${id}`, {
      ...as('security-analyst'),
      body: { status: 'false-positive', note: 'the quarterly vulnerability scan', assignee: 'netops' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ status: 'false-positive', assignee: 'netops' });
    expect((await harness.store.audit.list(1))[0]).toMatchObject({
      action: 'alert-changed',
      actor: 'token:security-analyst token',
    });
    const byEngineer = await harness.request('PATCH', `/api/v1/alerts/${id}`, {
      ...as('clinical-engineer'),
      body: { status: 'resolved' },
    });
    expect(byEngineer.statusCode).toBe(403);
  });
});
