import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assessBreach, moveCase, noteOnCase, openCase } from '../src/changes/case-changes.js';
import type { Detection } from '../src/detect/detection.js';
import { recordAlerts } from '../src/detect/record-alerts.js';
import { viewCase } from '../src/respond/case-timeline.js';
import { simulateHospital } from '../src/sim/simulate.js';
import type { GroundTruth } from '../src/sim/truth.js';
import type { Store } from '../src/store/open-store.js';
import { storeBackends, temporaryDirectory } from './support/temporary-store.js';
import { run, toolsAvailable } from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { vigilOn } from './support/vigil-cli.js';

const backends = await storeBackends();
const at = Date.parse('2026-12-01T10:00:00Z');

function exfiltration(source: string, target: string): Detection {
  return {
    type: 'exfiltration-volume',
    key: source,
    severity: 'high',
    techniques: ['T0882'],
    summary: `${source} sent 4.2 GB to ${target}`,
    remedy: 'Isolate the host.',
    sources: [{ ip: source, mac: undefined }],
    targets: [{ ip: target, mac: undefined }],
    firstSeenMs: at,
    lastSeenMs: at + 600_000,
    count: 3,
    evidence: [],
    detail: {},
  };
}

async function declaredDevice(store: Store, name: string, ip: string): Promise<string> {
  const evidence = { capture: 'assets.csv', packetNumber: 0, fileOffset: 0 };
  const attribute = (attributeName: string, value: string) => ({
    name: attributeName,
    value,
    source: 'asset-list',
    confidence: 1,
    firstSeenMs: at,
    lastSeenMs: at,
    evidence,
  });
  return store.devices.createDeclared(name, [attribute('ip', ip), attribute('hostname', name)], at);
}

describe.each(backends.filter((backend) => backend.enabled))('incident cases on $name', (backend) => {
  it('open from alerts with their devices, take notes and phases, and show it all on one timeline', async () => {
    const { store, drop } = await backend.open();
    try {
      const workstation = await declaredDevice(store, 'ws-radiology-07', '10.30.1.5');
      const archive = await declaredDevice(store, 'pacs-01', '10.30.2.9');
      const [alert] = (await recordAlerts(store, [exfiltration('10.30.1.5', '10.30.2.9')], at + 700_000, 20))
        .raised;
      expect(alert).toBeDefined();

      const opened = await openCase(
        store,
        { fromAlerts: [alert!.id], actor: 'a.keller', timeZone: 'UTC' },
        at + 3_600_000,
      );
      expect(opened).toMatchObject({
        id: 'case-1',
        title: alert!.summary,
        severity: 'high',
        status: 'detection-and-analysis',
        openedBy: 'a.keller',
        discoveredOn: '2026-12-01',
        alerts: [alert!.id],
      });
      expect([...opened.devices].sort()).toEqual([workstation, archive].sort());

      await noteOnCase(store, opened.id, 'Charge nurse informed; PACS stays up.', 'a.keller', at + 3_700_000);
      const moved = await moveCase(store, 'case-1', 'containment', 'b.osei', at + 3_800_000);
      expect(moved.status).toBe('containment');
      const closed = await moveCase(store, '1', 'closed', 'b.osei', at + 3_900_000);
      expect(closed.closedAt).toBe(new Date(at + 3_900_000).toISOString());

      const view = await viewCase(store, closed, Date.parse('2026-12-11T12:00:00Z'));
      expect(view.timeline.map((entry) => [entry.kind, entry.summary.split(':')[0]])).toEqual([
        ['alert', 'exfiltration-volume first seen'],
        ['alert', 'exfiltration-volume last seen (3 detections in all)'],
        ['audit', 'case-opened'],
        ['note', 'Charge nurse informed; PACS stays up.'],
        ['audit', 'case-status-changed'],
        ['audit', 'case-status-changed'],
      ]);
      expect(view.timeline.at(-1)).toMatchObject({
        actor: 'b.osei',
        summary: 'case-status-changed: containment → closed',
      });
      expect(view.playbooks.map((playbook) => playbook.id)).toEqual(['data-exfiltration']);
      expect(view.breach).toMatchObject({
        discoveredOn: '2026-12-01',
        deadline: '2027-01-30',
        daysLeft: 50,
        assessed: false,
        notificationRequired: null,
        deadlines: null,
      });
      // Before the privacy officer assesses, the factors are what the store shows.
      expect(view.breach.assessment).toMatchObject({
        recipient: 'The source of the alerts: 10.30.1.5 (ws-radiology-07)',
        acquired: `Transfers seen: ${alert!.summary}`,
        mitigation: 'No containment recorded yet',
        assessedBy: null,
      });

      // The breach assessment: its conclusion and the numbers affected set the HHS and media deadlines.
      await expect(
        assessBreach(store, 'case-1', { conclusion: 'maybe', reasoning: 'r', actor: 'p.officer' }, at),
      ).rejects.toThrow('--conclusion: expected notify or low-probability');
      await expect(
        assessBreach(store, 'case-1', { conclusion: 'notify', reasoning: ' ', actor: 'p.officer' }, at),
      ).rejects.toThrow('--reasoning');
      const request = {
        conclusion: 'notify',
        reasoning: 'Images with names left the hospital',
        actor: 'p.officer',
      };
      await assessBreach(
        store,
        'case-1',
        { ...request, individuals: 1_200, mostInOneState: 700 },
        at + 4_000_000,
      );
      const large = (await viewCase(store, (await store.cases.get('case-1'))!, at)).breach;
      expect(large).toMatchObject({ assessed: true, notificationRequired: true });
      expect(large.assessment).toMatchObject({
        assessedBy: 'p.officer',
        acquired: `Transfers seen: ${alert!.summary}`,
      });
      expect(large.deadlines).toMatchObject({
        individuals: '2027-01-30',
        hhs: '2027-01-30',
        media: '2027-01-30',
      });
      await assessBreach(store, 'case-1', { ...request, individuals: 40 }, at + 4_100_000);
      const small = (await viewCase(store, (await store.cases.get('case-1'))!, at)).breach;
      expect(small.deadlines).toMatchObject({
        hhs: '2027-03-01',
        hhsRule: 'annual log (under 500)',
        media: null,
      });
      const audited = await store.audit.list(10, { action: 'case-breach-assessed' });
      expect(audited.map((row) => [row.before === null, JSON.parse(row.after!).individuals])).toEqual([
        [false, 40],
        [true, 1_200],
      ]);

      // A second case, by hand; cases list newest first.
      const second = await openCase(
        store,
        { title: 'Phishing on ward 4', actor: 'a.keller' },
        at + 7_200_000,
      );
      expect(second).toMatchObject({ id: 'case-2', severity: 'medium', alerts: [], devices: [] });
      expect((await store.cases.list()).map((found) => found.id)).toEqual(['case-2', 'case-1']);
    } finally {
      await drop();
    }
  });

  it('refuse an alert, a device, a phase or a date it does not know, naming the option', async () => {
    const { store, drop } = await backend.open();
    try {
      await expect(openCase(store, { actor: 'x' }, at)).rejects.toThrow(/--from-alert.*--device.*--title/);
      await expect(openCase(store, { fromAlerts: ['alr-nope'], actor: 'x' }, at)).rejects.toThrow(
        '--from-alert: no alert alr-nope in this store',
      );
      await expect(openCase(store, { device: '10.99.99.99', actor: 'x' }, at)).rejects.toThrow(
        '--device: no device 10.99.99.99 in this store',
      );
      await expect(
        openCase(store, { title: 't', discoveredOn: '2026-02-30', actor: 'x' }, at),
      ).rejects.toThrow(/--discovered: "2026-02-30" is not a date/);
      const opened = await openCase(store, { title: 't', actor: 'x' }, at);
      await expect(moveCase(store, opened.id, 'done', 'x', at)).rejects.toThrow(
        /phase: expected one of detection-and-analysis/,
      );
      await expect(noteOnCase(store, 'case-9', 'n', 'x', at)).rejects.toThrow('no case case-9 in this store');
      // Nothing was stored by the refusals: one case, no notes.
      expect((await store.cases.list()).map((found) => [found.id, found.notes.length])).toEqual([
        ['case-1', 0],
      ]);
    } finally {
      await drop();
    }
  });
});

describe('vigil case', () => {
  it('opens a case from the alert a simulated scan raised and shows it as JSON', () => {
    const directory = temporaryDirectory('vigil-case-');
    const capture = join(directory, 'scan.pcapng');
    const database = join(directory, 'vigil.db');
    const vigil = vigilOn(database);
    const simulated = simulateHospital({
      devices: 60,
      durationSeconds: 600,
      seed: 4,
      attacks: ['scan'],
      out: capture,
    });
    const attacker = (JSON.parse(readFileSync(simulated.truthPath, 'utf8')) as GroundTruth).incidents[0]!
      .attackerIp;
    const ingested = vigil('ingest', capture);
    expect(ingested.status).toBe(0);
    const alerts = JSON.parse(vigil('alerts', '--json').stdout) as {
      id: string;
      type: string;
      key: string;
    }[];
    // The scan probes 20 hosts of the 60: a host sweep by the attacker.
    const scan = alerts.find((alert) => alert.type === 'host-sweep' && alert.key === attacker);
    expect(scan, JSON.stringify(alerts.map((alert) => [alert.type, alert.key]))).toBeDefined();

    const opened = vigil(
      'case',
      'open',
      '--from-alert',
      scan!.id,
      '--by',
      'a.keller',
      '--discovered',
      '2026-12-07',
    );
    expect(opened.status, opened.stderr).toBe(0);
    expect(opened.stdout.trim()).toBe('case-1');
    expect(vigil('case', 'note', 'case-1', '--text', 'Scanner unplugged', '--by', 'a.keller').status).toBe(0);
    const shown = JSON.parse(vigil('case', 'show', 'case-1', '--json').stdout);
    expect(shown).toMatchObject({
      id: 'case-1',
      status: 'detection-and-analysis',
      alerts: [scan!.id],
      evidence: [],
      breach: { discoveredOn: '2026-12-07', deadline: '2027-02-05' },
    });
    expect(shown.devices.length).toBeGreaterThan(0);
    expect(shown.timeline.map((entry: { kind: string }) => entry.kind)).toEqual(
      expect.arrayContaining(['alert', 'audit', 'note']),
    );
    expect(vigil('case', 'show', 'case-1').stdout).toContain('individuals to be notified by 2027-02-05');

    // The sweep is an intrusion: the case follows that playbook, and its steps are recorded.
    expect(shown.playbooks.map((playbook: { id: string }) => playbook.id)).toContain('intrusion');
    const stepped = vigil(
      'case',
      'step',
      'case-1',
      'intrusion/confirm',
      '--note',
      'Unknown laptop',
      '--by',
      'a.keller',
    );
    expect(stepped.status, stepped.stderr).toBe(0);
    expect(stepped.stdout).toContain('intrusion/clinical-check');
    expect(stepped.stdout).not.toContain('intrusion/confirm,');
    // The sweep's targets include pumps and monitors: their playbooks apply too, the exfiltration one does not.
    const wrongStep = vigil('case', 'step', 'case-1', 'data-exfiltration/confirm');
    expect(wrongStep.stderr).toContain(
      'step: case-1 follows infusion-pump, intrusion, patient-monitor, not "data-exfiltration"',
    );
    const intrusion = JSON.parse(vigil('case', 'show', 'case-1', '--json').stdout).playbooks.find(
      (playbook: { id: string }) => playbook.id === 'intrusion',
    );
    expect(intrusion.steps[0]).toMatchObject({
      id: 'confirm',
      done: { by: 'a.keller', note: 'Unknown laptop' },
    });
    expect(intrusion.steps[1].done).toBeNull();
    expect(vigil('case', 'show', 'case-1').stdout).toMatch(
      /\[x\] detection-and-analysis · security analyst · intrusion\/confirm/,
    );

    // Evidence: every packet of the case's hosts in the window, as tshark finds them in the original.
    const out = join(directory, 'case-1.pcapng');
    const refusedExport = vigil(
      'case',
      'evidence',
      'case-1',
      '--out',
      out,
      '--reason',
      ' ',
      '--by',
      'a.keller',
    );
    expect(refusedExport.stderr).toContain('--reason: say why');
    expect(existsSync(out)).toBe(false);
    const exported = vigil(
      'case',
      'evidence',
      'case-1',
      '--out',
      out,
      '--reason',
      'manufacturer asked for the traffic',
      '--destination',
      'manufacturer',
      '--by',
      'a.keller',
      '--json',
    );
    expect(exported.status, exported.stderr).toBe(0);
    const custody = JSON.parse(exported.stdout);
    expect(custody).toMatchObject({ file: out, packets: expect.any(Number), destination: 'manufacturer' });
    expect(custody.sha256).toBe(createHash('sha256').update(readFileSync(out)).digest('hex'));
    expect(statSync(out).mode & 0o777).toBe(0o600);
    if (toolsAvailable('tshark', 'capinfos')) {
      const window = `frame.time_epoch >= ${Date.parse(custody.windowFrom) / 1000} && frame.time_epoch < ${Date.parse(custody.windowTo) / 1000}`;
      const expected = tsharkFields(
        capture,
        ['frame.time_epoch', 'frame.len'],
        `(${custody.hosts.map((host: string) => `ip.addr == ${host}`).join(' || ')}) && ${window}`,
      );
      expect(expected.length).toBeGreaterThan(100);
      expect(tsharkFields(out, ['frame.time_epoch', 'frame.len'])).toEqual(expected);
      expect(custody.packets).toBe(expected.length);
      expect(run('capinfos', ['-k', out])).toContain('Vigil case case-1:');
    }
    const shownWithEvidence = JSON.parse(vigil('case', 'show', 'case-1', '--json').stdout);
    expect(shownWithEvidence.evidence).toEqual([
      expect.objectContaining({ sha256: custody.sha256, by: 'a.keller' }),
    ]);
    const assessed = vigil(
      'case',
      'assess',
      'case-1',
      '--conclusion',
      'low-probability',
      '--reasoning',
      'A scan: no patient data moved',
      '--individuals',
      '0',
      '--by',
      'p.officer',
      '--json',
    );
    expect(assessed.status, assessed.stderr).toBe(0);
    // The evidence export counts as mitigation in the prefilled factor (iv).
    expect(JSON.parse(assessed.stdout)).toMatchObject({
      conclusion: 'low-probability',
      mitigation: expect.stringContaining(`sha256 ${custody.sha256}`),
    });
    expect(
      vigil('case', 'assess', 'case-1', '--conclusion', 'notify', '--reasoning', 'x', '--individuals', 'many')
        .stderr,
    ).toContain('expected a whole number');
    expect(vigil('case', 'show', 'case-1').stdout).toContain(
      'low probability of compromise, no notification',
    );
    const report = vigil('case', 'report', 'case-1');
    expect(report.status, report.stderr).toBe(0);
    for (const expected of [
      '# Incident report: case-1',
      `- ${out}: SHA-256 ${custody.sha256}, ${custody.packets} packets`,
      '| intrusion/confirm | detection-and-analysis | security analyst |',
      'Assessed by p.officer: low probability',
      'host-sweep first seen',
    ])
      expect(report.stdout).toContain(expected);
    const notice = vigil('case', 'report', 'case-1', '--kind', 'manufacturer');
    expect(notice.stdout).toContain(`SHA-256 ${custody.sha256}`);
    expect(notice.stdout).toMatch(/\| model \| firmware \| type \|/);
    expect(vigil('case', 'report', 'case-1', '--kind', 'memo').stderr).toContain(
      '--kind: expected incident, manufacturer, medwatch',
    );
    const intact = vigil('case', 'verify-evidence', 'case-1', '--json');
    expect([intact.status, JSON.parse(intact.stdout)[0].status]).toEqual([0, 'intact']);
    appendFileSync(out, Buffer.from([0]));
    const changed = vigil('case', 'verify-evidence', 'case-1');
    expect(changed.status).toBe(1);
    expect(changed.stdout).toContain('changed');
    const refused = vigil('case', 'status', 'case-1', 'finished');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('phase: expected one of');
    expect(
      JSON.parse(vigil('audit', 'list', '--json').stdout).map((row: { action: string }) => row.action),
    ).toEqual(
      expect.arrayContaining([
        'case-opened',
        'case-note-added',
        'case-evidence-exported',
        'case-evidence-verified',
      ]),
    );
  }, 120_000);
});
