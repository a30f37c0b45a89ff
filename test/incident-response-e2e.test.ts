import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureRing } from '../src/capture/capture-ring.js';
import { temporaryDirectory } from './support/temporary-store.js';
import { canUseNetworkNamespaces, run, toolsAvailable } from './support/tools.js';
import { tsharkFields } from './support/tshark-oracle.js';
import { vigilOn } from './support/vigil-cli.js';

const canRun = toolsAvailable('tshark', 'nft', 'pdftotext', 'pdftoppm') && canUseNetworkNamespaces();
const directory = temporaryDirectory('vigil-incident-e2e-');
const database = join(directory, 'vigil.db');
const vigil = vigilOn(database);
const namespace = `vigil-iso-${process.pid}`;
const json = (text: string) => JSON.parse(text);

/** `nft -c -f` in a namespace of the test's own: the kernel's parser checks the ruleset, nothing is loaded. */
function nftAccepts(file: string): void {
  run('ip', ['netns', 'exec', namespace, 'nft', '-c', '-f', file]);
}

/** Dark pixels of each page of a PDF rendered by pdftoppm (8-bit greyscale PGM at 30 dpi). */
function darkPixelsPerPage(pdf: string): number[] {
  const prefix = join(directory, 'page');
  run('pdftoppm', ['-r', '30', '-gray', pdf, prefix]);
  return readdirSync(directory)
    .filter((name) => name.startsWith('page') && name.endsWith('.pgm'))
    .sort()
    .map((name) => {
      const image = readFileSync(join(directory, name));
      // P5 header: magic, width, height, maxval, each followed by whitespace; the pixels follow.
      const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(image.toString('latin1', 0, 50))!;
      const pixels = image.subarray(header[0].length);
      return pixels.filter((value) => value < 128).length;
    });
}

/**
 * From `vigil sim --attack exfil` to a report, through the CLI as an analyst works it: the
 * workstation's upload raises an alert against its learned baseline; the case opened from it
 * holds the workstation; the isolation is simulated against the stored flows and exported for
 * nftables; the evidence equals what tshark finds in the original capture; the breach factors are
 * prefilled; the PDF carries the case id and the evidence hash.
 */
describe.skipIf(!canRun)('incident response from an exfiltration to a report', () => {
  let capture = '';
  let exfiltrator = '';

  beforeAll(() => {
    run('ip', ['netns', 'add', namespace]);
    const hospital = ['--devices', '60', '--duration', '20m', '--seed', '23'];
    const learning = join(directory, 'day0.pcapng');
    capture = join(directory, 'day1.pcapng');
    for (const [out, day, extra] of [
      [learning, '0', []],
      [capture, '1', ['--attack', 'exfil']],
    ] as const) {
      // `vigil sim` takes no store: run it as is.
      const simulated = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'sim', ...hospital, '--day', day, ...extra, '--out', out],
        { encoding: 'utf8' },
      );
      expect(simulated.status, simulated.stderr).toBe(0);
    }
    const truth = json(readFileSync(capture.replace(/\.pcapng$/, '.truth.json'), 'utf8'));
    exfiltrator = truth.incidents[0].attackerIp;
    expect(vigil('ingest', learning, '--learn').status).toBe(0);
    const ingested = vigil('ingest', capture);
    expect(ingested.status, ingested.stderr).toBe(0);
  }, 180_000);
  afterAll(() => {
    run('ip', ['netns', 'delete', namespace]);
  });

  it('opens the case from the alert, isolates, exports evidence, assesses and reports', () => {
    const alerts = json(vigil('alerts', '--json').stdout) as {
      id: string;
      type: string;
      sources: { ip: string }[];
    }[];
    const exfiltration = alerts.find((alert) => alert.type === 'exfiltration-volume');
    expect(exfiltration?.sources[0]?.ip).toBe(exfiltrator);

    const opened = vigil(
      'case',
      'open',
      '--from-alert',
      exfiltration!.id,
      '--discovered',
      '2026-01-06',
      '--by',
      'a.keller',
      '--json',
    );
    expect(opened.status, opened.stderr).toBe(0);
    const found = json(opened.stdout);
    expect(found).toMatchObject({ id: 'case-1', alerts: [exfiltration!.id], severity: 'high' });
    expect(found.devices).toHaveLength(1);

    // Isolation: simulated against the workstation's stored flows; the upload is among what it stops.
    const rules = join(directory, 'isolation.nft');
    const isolated = vigil('case', 'isolate', 'case-1', '--out', rules, '--by', 'a.keller', '--json');
    expect(isolated.status, isolated.stderr).toBe(0);
    const isolation = json(isolated.stdout);
    expect(isolation).toMatchObject({ seq: 1, status: 'ready', approvalNeeded: null });
    expect(isolation.impact.stops).toContainEqual(
      expect.objectContaining({
        device: exfiltrator,
        peer: '203.0.113.66',
        port: 443,
        direction: 'outbound',
      }),
    );
    const ruleset = readFileSync(rules, 'utf8');
    expect(ruleset).toContain('table inet vigil_case_1 {');
    expect(ruleset).toContain(`elements = { ${exfiltrator} }`);
    // Established connections are not let through first: the upload in progress is cut too.
    expect(ruleset).not.toContain('ct state established');
    nftAccepts(rules);
    for (const format of ['cisco-acl', 'ise']) {
      const out = join(directory, `isolation.${format}`);
      expect(vigil('case', 'isolate', 'case-1', '--export', '--format', format, '--out', out).status).toBe(0);
      expect(readFileSync(out, 'utf8')).toContain(exfiltrator);
    }
    const applied = vigil('case', 'isolate', 'case-1', '--applied', '--by', 'n.ops', '--json');
    expect(json(applied.stdout)).toMatchObject({ status: 'applied', appliedBy: 'n.ops' });
    expect(vigil('case', 'isolate', 'case-1', '--by', 'a.keller').stderr).toContain(
      "case-1's isolation 1 is applied; lift it first",
    );

    // Evidence: the packets of the case's hosts in the window, exactly as tshark filters the original.
    const evidence = join(directory, 'case-1.pcapng');
    const exported = vigil(
      'case',
      'evidence',
      'case-1',
      '--out',
      evidence,
      '--reason',
      'exfiltration forensics',
      '--by',
      'a.keller',
      '--json',
    );
    expect(exported.status, exported.stderr).toBe(0);
    const custody = json(exported.stdout);
    expect(custody.sha256).toBe(createHash('sha256').update(readFileSync(evidence)).digest('hex'));
    const window = `frame.time_epoch >= ${Date.parse(custody.windowFrom) / 1000} && frame.time_epoch < ${Date.parse(custody.windowTo) / 1000}`;
    const expected = tsharkFields(
      capture,
      ['frame.time_epoch', 'frame.len'],
      `(${custody.hosts.map((host: string) => `ip.addr == ${host}`).join(' || ')}) && ${window}`,
    );
    expect(custody.hosts).toContain(exfiltrator);
    expect(expected.length).toBeGreaterThan(1_000);
    expect(tsharkFields(evidence, ['frame.time_epoch', 'frame.len'])).toEqual(expected);
    // The same from a sensor's capture ring that kept the capture: the same packets, its own custody record.
    const ringFolder = join(directory, 'ring');
    const ring = new CaptureRing(ringFolder, { maxBytes: 1e12, maxAgeMs: 1e15 }, 'sensor-1');
    const followed = { path: capture, streamStart: 0, skipped: 0, bytes: statSync(capture).size };
    ring.keep(followed);
    ring.complete(followed);
    const fromRing = join(directory, 'case-1-ring.pcapng');
    const carved = vigil(
      'case',
      'evidence',
      'case-1',
      '--ring',
      ringFolder,
      '--out',
      fromRing,
      '--reason',
      'what the sensor kept',
      '--by',
      'a.keller',
      '--json',
    );
    expect(carved.status, carved.stderr).toBe(0);
    expect(json(carved.stdout)).toMatchObject({
      packets: expected.length,
      sources: [{ packets: expected.length }],
    });
    expect(tsharkFields(fromRing, ['frame.time_epoch', 'frame.len'])).toEqual(expected);

    // The breach clock and the four factors, prefilled from what Vigil saw and did.
    const shown = json(vigil('case', 'show', 'case-1', '--json').stdout);
    expect(shown.breach).toMatchObject({
      discoveredOn: '2026-01-06',
      deadline: '2026-03-07',
      assessed: false,
    });
    expect(shown.breach.assessment.recipient).toContain(exfiltrator);
    expect(shown.breach.assessment.acquired).toContain('203.0.113.66');
    expect(shown.breach.assessment.mitigation).toContain('isolated at');
    expect(shown.breach.assessment.mitigation).toContain(custody.sha256);
    expect(shown.isolations).toEqual([expect.objectContaining({ status: 'applied', appliedBy: 'n.ops' })]);
    expect(shown.timeline.map((entry: { summary: string }) => entry.summary)).toEqual(
      expect.arrayContaining(['case-isolation-proposed', 'case-isolation-applied', 'case-evidence-exported']),
    );

    // The daily job's reminder: the assessment is owed, the individuals' deadline long past.
    const reminders = vigil('case', 'reminders', '--json');
    expect(reminders.status).toBe(4);
    expect(json(reminders.stdout)).toContainEqual(
      expect.objectContaining({ caseId: 'case-1', notice: 'assessment', deadline: '2026-03-07' }),
    );

    // The post-incident review's action becomes a risk register entry with its owner, linked to the case.
    const badDue = vigil('case', 'review', 'case-1', '--action', 'x', '--owner', 'IT', '--due', 'soon');
    expect([badDue.status, badDue.stderr]).toEqual([
      1,
      expect.stringContaining('due date: expected YYYY-MM-DD'),
    ]);
    const reviewed = vigil(
      'case',
      'review',
      'case-1',
      '--action',
      'Block uploads from administrative workstations to file-sharing services',
      '--owner',
      'IT security',
      '--due',
      '2026-03-31',
      '--lesson',
      'The upload ran for minutes before anyone looked',
      '--by',
      'a.keller',
    );
    expect(reviewed.status, reviewed.stderr).toBe(0);
    const [risk] = reviewed.stdout.trim().split('\n');
    const registered = json(vigil('register', 'list', '--json').stdout) as { id: string; owner: string }[];
    expect(registered).toContainEqual(expect.objectContaining({ id: risk, owner: 'IT security' }));
    expect(json(vigil('case', 'show', 'case-1', '--json').stdout).reviewActions).toEqual([
      expect.objectContaining({
        id: risk,
        dueDate: '2026-03-31',
        treatment: 'mitigate',
        subject: found.devices[0],
      }),
    ]);

    // The report as PDF: its text carries the case id and the evidence hash, and no page is blank.
    const pdf = join(directory, 'case-1.pdf');
    const reported = vigil('case', 'report', 'case-1', '--format', 'pdf', '--out', pdf);
    expect(reported.status, reported.stderr).toBe(0);
    const text = run('pdftotext', [pdf, '-']);
    expect(text).toContain('Incident report: case-1');
    expect(text).toContain(custody.sha256);
    expect(text).toContain('Containment');
    expect(text).toContain('Post-incident review');
    expect(text).toContain('IT security');
    const pages = darkPixelsPerPage(pdf);
    expect(pages.length).toBeGreaterThan(0);
    for (const dark of pages) expect(dark).toBeGreaterThan(500);
    const medwatch = vigil('case', 'report', 'case-1', '--kind', 'medwatch');
    expect(medwatch.stdout).toContain('B3 Date of event: 2026-01-06');
    expect(medwatch.stdout).toContain('D3 Manufacturer name');
    expect(vigil('case', 'report', 'case-1', '--format', 'pdf').stderr).toContain('--format pdf: give --out');
  });

  it("waits for a second person before a life-sustaining device's isolation can be exported", () => {
    const devices = json(vigil('devices', '--json').stdout) as {
      id: string;
      classification: { clinicalFunction?: string };
    }[];
    const pump = devices.find((device) => device.classification.clinicalFunction === 'life-sustaining');
    expect(pump).toBeDefined();
    expect(vigil('case', 'open', '--device', pump!.id, '--by', 'a.keller').stdout.trim()).toBe('case-2');
    const rules = join(directory, 'pump.nft');
    const proposed = vigil(
      'case',
      'isolate',
      'case-2',
      '--keep-clinical',
      '--out',
      rules,
      '--by',
      'a.keller',
      '--json',
    );
    expect(proposed.status, proposed.stderr).toBe(0);
    expect(json(proposed.stdout)).toMatchObject({
      status: 'awaiting-approval',
      approvalNeeded: expect.stringContaining('life-sustaining'),
    });
    expect(proposed.stderr).toContain(`${rules} not written`);
    expect(() => readFileSync(rules)).toThrow();
    expect(vigil('case', 'isolate', 'case-2', '--export', '--out', rules).stderr).toContain(
      "waits for a second person's approval",
    );
    const selfApproved = vigil('case', 'isolate', 'case-2', '--approve', '--by', 'A.Keller');
    expect(selfApproved.status).toBe(1);
    expect(selfApproved.stderr).toContain('a second person approves it');
    const approved = vigil(
      'case',
      'isolate',
      'case-2',
      '--approve',
      '--by',
      'c.engineer',
      '--out',
      rules,
      '--json',
    );
    expect(approved.status, approved.stderr).toBe(0);
    expect(json(approved.stdout)).toMatchObject({ status: 'ready', approvedBy: 'c.engineer' });
    nftAccepts(rules);
    expect(vigil('case', 'isolate', 'case-2', '--lift', '--by', 'n.ops').stderr).toContain('not applied');
    expect(vigil('case', 'isolate', 'case-2', '--applied', '--by', 'n.ops').status).toBe(0);
    const lifted = json(vigil('case', 'isolate', 'case-2', '--lift', '--by', 'n.ops', '--json').stdout);
    expect(lifted).toMatchObject({ status: 'lifted', liftedBy: 'n.ops' });
    expect(Date.parse(lifted.liftedAt)).toBeGreaterThanOrEqual(Date.parse(lifted.appliedAt));
    const audit = vigil('audit', 'list', '--json');
    const actions = (json(audit.stdout) as { action: string; target: string }[])
      .filter((row) => row.target === 'case-2')
      .map((row) => row.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'case-isolation-proposed',
        'case-isolation-approved',
        'case-isolation-exported',
        'case-isolation-applied',
        'case-isolation-lifted',
      ]),
    );
  });
});
