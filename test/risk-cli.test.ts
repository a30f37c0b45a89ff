import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeviceRisk } from '../src/risk/assess-device.js';
import { assessFleet } from '../src/risk/assess-fleet.js';
import { loadRiskModel } from '../src/risk/risk-model.js';
import { simulateHospital } from '../src/sim/simulate.js';
import type { GroundTruth } from '../src/sim/truth.js';
import { openStore } from '../src/store/open-store.js';
import { referenceData } from './support/reference-data.js';
import { temporaryDirectory } from './support/temporary-store.js';
import { vigilOn } from './support/vigil-cli.js';

const directory = temporaryDirectory('vigil-risk-');
const database = join(directory, 'vigil.db');
const vigil = vigilOn(database);
const capture = join(directory, 'hospital.pcapng');
// A guest device SYN-scans the ICU (the simulator's zone 5 is the guest network, 10.15.0.0/16).
const { truthPath } = simulateHospital({
  devices: 40,
  durationSeconds: 900,
  seed: 6,
  out: capture,
  attacks: ['scan'],
});
const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as GroundTruth;
const scan = truth.incidents.find((incident) => incident.type === 'scan');
const modelPath = join(directory, 'model.json');

function risks(): DeviceRisk[] {
  const run = vigil('risk', '--json', '--model', modelPath);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as DeviceRisk[];
}

beforeAll(() => {
  const model = JSON.parse(readFileSync('data/risk/model.json', 'utf8'));
  model.untrustedNetworks = [{ name: 'guest Wi-Fi', cidr: '10.15.0.0/16' }];
  writeFileSync(modelPath, JSON.stringify(model));
  expect(vigil('ingest', capture).status).toBe(0);
  expect(vigil('feeds', 'import', referenceData('csaf-icsma'), referenceData('kev')).status).toBe(0);
}, 120_000);

describe('vigil risk on a simulated hospital', () => {
  it('lists every device highest first, each score the sum of its named factors, each factor with evidence', () => {
    const list = risks();
    expect(list).toHaveLength(JSON.parse(vigil('devices', '--json').stdout).length);
    for (let index = 1; index < list.length; index += 1) {
      expect((list[index - 1] as DeviceRisk).score).toBeGreaterThanOrEqual((list[index] as DeviceRisk).score);
    }
    for (const risk of list) {
      const total = risk.factors.reduce((sum, factor) => sum + factor.contribution, 0);
      expect(Math.abs(total - risk.score)).toBeLessThanOrEqual(0.05 * risk.factors.length + 0.05);
      expect(['low', 'medium', 'high', 'critical']).toContain(risk.level);
      for (const factor of risk.factors) {
        expect(factor.name).not.toBe('');
        expect(factor.evidence).not.toBe('');
      }
    }
  });

  it('names the guest network for every ICU device the scan reached', () => {
    expect(scan?.targets.length).toBeGreaterThan(0);
    const list = risks();
    const devices = JSON.parse(vigil('devices', '--json').stdout) as { id: string; ips: string[] }[];
    for (const target of scan?.targets ?? []) {
      const device = devices.find((candidate) => candidate.ips.includes(target));
      const risk = list.find((candidate) => candidate.deviceId === device?.id);
      expect(
        risk?.factors.find((factor) => factor.name === 'reachable from an untrusted network')?.evidence,
      ).toContain(`first from ${scan?.attackerIp} (guest Wi-Fi)`);
    }
  });

  it("scores one device as the whole fleet's scoring does, reading only its flows and its peers' addresses", async () => {
    const store = await openStore(database);
    try {
      const model = loadRiskModel(modelPath);
      const fleet = await assessFleet(store, model);
      const devices = await store.devices.list();
      expect(fleet.some((risk) => risk.factors.some((factor) => factor.name === 'network reach'))).toBe(true);
      for (const device of devices)
        expect(await assessFleet(store, model, [device])).toEqual(
          fleet.filter((risk) => risk.deviceId === device.id),
        );
    } finally {
      await store.close();
    }
  });

  it('gives the same scores when the same capture is ingested again', () => {
    const before = risks();
    expect(vigil('ingest', capture).status).toBe(0);
    expect(risks()).toEqual(before);
  });

  it("lowers a device's score when a control is recorded, and keeps the control in its history", () => {
    const [top] = risks();
    expect(
      vigil(
        'risk-control',
        top?.deviceId as string,
        'segmented',
        '--by',
        'netops',
        '--note',
        'VLAN 40, ACL 112',
      ).status,
    ).toBe(0);
    const after = risks().find((risk) => risk.deviceId === top?.deviceId);
    expect(after?.score).toBeLessThan(top?.score as number);
    expect(after?.factors.find((factor) => factor.kind === 'control')).toMatchObject({
      name: 'control: segmented',
      evidence: 'VLAN 40, ACL 112',
    });
    const device = JSON.parse(vigil('device', top?.deviceId as string, '--json').stdout) as {
      history: { kind: string; attribute: string; actor: string }[];
      risk: DeviceRisk;
    };
    expect(device.history.at(-1)).toMatchObject({
      kind: 'control-set',
      attribute: 'segmented',
      actor: 'netops',
    });
    expect(device.risk).toMatchObject({ deviceId: top?.deviceId });
    expect(vigil('risk-control', top?.deviceId as string, 'firewalled', '--by', 'netops').stderr).toContain(
      'expected a control of the risk model (segmented, monitored)',
    );
  });

  it('registers a risk, keeps its changes, and shows the risk left after the recorded control', () => {
    const segmented = risks().find((risk) =>
      risk.factors.some((factor) => factor.kind === 'control'),
    ) as DeviceRisk;
    const entry = [
      '--device',
      segmented.deviceId,
      '--title',
      'reached from guest Wi-Fi',
      '--owner',
      'Biomed',
    ];
    const refused = vigil(
      'register',
      'add',
      ...entry,
      '--treatment',
      'accept',
      '--due',
      '2026-12-31',
      '--by',
      'j.ortiz',
    );
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('an accepted risk needs a justification and an expiry');
    const added = vigil(
      'register',
      'add',
      ...entry,
      '--treatment',
      'mitigate',
      '--due',
      '2026-12-31',
      '--by',
      'j.ortiz',
    );
    expect(added.status).toBe(0);
    const id = added.stdout.trim();
    expect(
      vigil('register', 'update', id, '--owner', 'Clinical engineering', '--by', 'dr.lee').stdout,
    ).toContain('owner changed by dr.lee');
    const [item] = JSON.parse(vigil('register', 'list', '--json', '--model', modelPath).stdout) as {
      id: string;
      owner: string;
      inherentRisk: number;
      residualRisk: number;
      deviceIds: string[];
    }[];
    expect(item).toMatchObject({
      id,
      owner: 'Clinical engineering',
      deviceIds: [segmented.deviceId],
      residualRisk: segmented.score,
    });
    expect(item?.inherentRisk).toBeGreaterThan(item?.residualRisk as number);
    const history = JSON.parse(vigil('register', 'history', id, '--json').stdout) as {
      field: string;
      actor: string;
    }[];
    expect(history.map(({ field, actor }) => `${field} ${actor}`)).toEqual([
      'created j.ortiz',
      'owner dr.lee',
    ]);
  });

  it('ranks what-if actions by risk reduced per hour of effort', () => {
    const actions = JSON.parse(vigil('risk', '--what-if', '--json', '--model', modelPath).stdout) as {
      action: string;
      riskReduced: number;
      reducedPerEffort: number;
    }[];
    expect(actions.length).toBeGreaterThan(0);
    for (let index = 1; index < actions.length; index += 1) {
      expect(actions[index - 1]?.reducedPerEffort).toBeGreaterThanOrEqual(
        actions[index]?.reducedPerEffort as number,
      );
    }
    expect(actions.every((action) => action.riskReduced > 0)).toBe(true);
  });

  it("prints SSVC and medical CVSS per vulnerability in the device's risk", () => {
    const withVulnerabilities = risks().find((risk) => risk.vulnerabilities.length > 0);
    const first = withVulnerabilities?.vulnerabilities[0];
    expect(['Act', 'Attend', 'Track*', 'Track']).toContain(first?.ssvc.decision);
    expect(first?.ssvc.path.map((step) => step.point)).toEqual([
      'exploitation',
      'automatable',
      'technical impact',
      'mission & well-being',
    ]);
    expect(first?.medicalCvss.path.length).toBeGreaterThan(0);
  });

  it('kept every change in the hash-chained audit log, and names a row changed behind its back', () => {
    const log = JSON.parse(vigil('audit', 'list', '--limit', '100', '--json').stdout) as {
      action: string;
      actor: string;
      target: string;
    }[];
    const actions = new Set(log.map((record) => record.action));
    for (const action of [
      'capture-ingested',
      'feed-imported',
      'control-set',
      'register-added',
      'register-updated',
    ]) {
      expect(actions).toContain(action);
    }
    expect(log.find((record) => record.action === 'control-set')).toMatchObject({ actor: 'netops' });
    expect(vigil('audit', 'verify').stdout).toMatch(/^audit log intact: \d+ rows/);
    const db = new Database(database);
    db.prepare("update audit_log set actor = 'nobody' where action = 'control-set'").run();
    db.close();
    const verify = vigil('audit', 'verify');
    expect(verify.status).toBe(1);
    expect(verify.stderr).toMatch(/audit log broken at row \d+: its content does not match its hash/);
  });
});
