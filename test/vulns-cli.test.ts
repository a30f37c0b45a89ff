import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareFirmwareVersions } from '../src/intel/version/firmware-version.js';
import type { DeviceVulnerability } from '../src/intel/vulnerability-view.js';
import { simulateHospital } from '../src/sim/simulate.js';
import type { GroundTruth, TruthDevice } from '../src/sim/truth.js';
import { referenceData } from './support/reference-data.js';
import { temporaryDirectory } from './support/temporary-store.js';
import { vigilOn } from './support/vigil-cli.js';

function json<T>(...args: string[]): T {
  const run = vigil(...args, '--json');
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as T;
}

const directory = temporaryDirectory('vigil-vulns-');
const database = join(directory, 'vigil.db');
const vigil = vigilOn(database);
const capture = join(directory, 'hospital.pcapng');
const { truthPath } = simulateHospital({ devices: 40, durationSeconds: 900, seed: 6, out: capture });
const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as GroundTruth;
const alarisPumps = truth.devices.filter((device) => device.model === 'Alaris 8015');
const mx450s = truth.devices.filter((device) => device.model === 'IntelliVue MX450');
/** A Philips IntelliSpace Portal on Windows 7 the asset list knows and traffic has not shown yet. */
const portalMac = '00:09:5c:00:aa:01';

type Device = { id: string; vulnerabilities: DeviceVulnerability[]; recalls: { recallNumber: string }[] };
type StatusHistory = { vulnerabilityId: string; before: string | null; after: string; actor: string }[];

beforeAll(() => {
  expect(vigil('ingest', capture).status).toBe(0);
  // The CMMS knows the pumps' model and firmware, which their traffic does not tell.
  const assets = [
    'asset_tag,manufacturer,model,software_version,mac',
    ...alarisPumps.map((pump, index) => `BME-${index},BD,Alaris 8015,${pump.firmware},${pump.mac}`),
    `BME-PORTAL,Philips,IntelliSpace Portal,8.0.3,${portalMac}`,
  ].join('\n');
  writeFileSync(join(directory, 'assets.csv'), assets);
  expect(vigil('assets', 'import', join(directory, 'assets.csv')).status).toBe(0);
}, 120_000);

describe('vigil feeds import, vigil vulns and vigil device on a simulated hospital', () => {
  it('needs pumps of both firmware versions in the simulated hospital', () => {
    expect(new Set(alarisPumps.map((pump) => pump.firmware))).toEqual(new Set(['12.1.2', '12.3.0']));
    expect(mx450s.length).toBeGreaterThan(0);
  });

  it('imports the feeds, says what it rejected, and matches the inventory', () => {
    const run = vigil(
      'feeds',
      'import',
      referenceData('csaf-icsma'),
      referenceData('kev'),
      'test/fixtures/feeds',
    );
    // The fixtures hold a record without an id, two bad EPSS lines and a bad recall line.
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('vigil: nvd-cves-2.0.json at /vulnerabilities/3: expected cve.id');
    expect(run.stdout).toMatch(/rejected, 1 skipped \(not feeds\)/);
    const sbom = vigil(
      'feeds',
      'import',
      referenceData('cyclonedx', 'valid-vulnerability-1.6.json'),
      '--vendor',
      'Philips',
      '--model',
      'IntelliVue MX450',
    );
    expect(sbom.status).toBe(0);
    expect(sbom.stdout).toMatch(/1 imported/);
  });

  it('matches each Alaris pump by the firmware the asset list gives: 12.1.2 affected, 12.3.0 not', () => {
    const vulnerabilities = json<DeviceVulnerability[]>('vulns');
    for (const pump of alarisPumps) {
      const device = json<Device>('device', pump.mac);
      const ids = device.vulnerabilities.map((vulnerability) => vulnerability.id);
      const isAffected = compareFirmwareVersions(pump.firmware, '12.1.3') <= 0;
      expect({ firmware: pump.firmware, affected: ids.includes('CVE-2023-30559') }).toEqual({
        firmware: pump.firmware,
        affected: isAffected,
      });
      expect(vulnerabilities.filter((vulnerability) => vulnerability.deviceId === device.id).length).toBe(
        ids.length,
      );
      // The recall list names the model whatever the firmware.
      expect(device.recalls.map((recall) => recall.recallNumber)).toEqual(['Z-0000-2025']);
    }
  });

  it('prints ids, scores, KEV, EPSS, status and evidence per vulnerability in vigil device --json', () => {
    const pump = alarisPumps.find((candidate) => candidate.firmware === '12.1.2') as TruthDevice;
    const device = json<Device>('device', pump.mac);
    const unsigned = device.vulnerabilities.find((vulnerability) => vulnerability.id === 'CVE-2023-30559');
    expect(unsigned).toMatchObject({
      cvss: { version: '3.1', baseScore: 5.2, vector: 'CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:H' },
      epss: { score: 0.00045, percentile: 0.12877 },
      kev: null,
      certainty: 'certain',
      // CVE 5's record carries BD's solution: a vendor fix exists.
      status: { value: 'patch-available', setBy: 'advisory' },
    });
    expect(unsigned?.evidence.map((evidence) => evidence.origin).sort()).toEqual([
      'csaf:ICSMA-23-194-01',
      'cve5:CVE-2023-30559',
    ]);
    expect(unsigned?.evidence[0]).toMatchObject({
      deviceVendor: 'BD',
      vendorBasis: 'from the asset list',
      deviceFirmware: '12.1.2',
    });
    expect(unsigned?.recommendedActions[0]).toMatch(
      /^Apply the manufacturer's fix once approved for this device: BD Alaris System v12.3/,
    );
  });

  it('matches monitors from what their own traffic says, and their SBOM components', () => {
    for (const monitor of mx450s) {
      const device = json<Device>('device', monitor.mac);
      const byId = new Map(device.vulnerabilities.map((vulnerability) => [vulnerability.id, vulnerability]));
      // ICSMA-20-254-01 names MX400-MX850 up to revision N; the simulator's monitors run M.00.03 or N.00.02.
      expect(byId.get('CVE-2020-16212')?.evidence[0]).toMatchObject({
        origin: 'csaf:ICSMA-20-254-01',
        deviceFirmware: monitor.firmware,
        vendorBasis: 'named by the device (dpws.metadata)',
      });
      // jackson-databind 2.9.4 in the SBOM attached to the model is inside NVD's 2.9.0–2.9.5 range.
      expect(byId.get('CVE-2018-7489')?.evidence[0]).toMatchObject({
        via: 'com.fasterxml.jackson.core/jackson-databind 2.9.4',
        cpe: 'cpe:2.3:a:fasterxml:jackson-databind:*:*:*:*:*:*:*:*',
        versions: '>= 2.9.0, < 2.9.5',
      });
    }
  });

  it("lists KEV vulnerabilities with --kev, CISA's required action first", () => {
    const kev = json<DeviceVulnerability[]>('vulns', '--kev');
    expect(kev.length).toBeGreaterThan(0);
    expect(kev.every((vulnerability) => vulnerability.kev !== null)).toBe(true);
    const portal = json<Device>('device', portalMac);
    const eternalBlue = portal.vulnerabilities.find((vulnerability) => vulnerability.id === 'CVE-2017-0144');
    const catalogue = JSON.parse(
      readFileSync(referenceData('kev', 'known_exploited_vulnerabilities.json'), 'utf8'),
    );
    const entry = catalogue.vulnerabilities.find(
      (candidate: { cveID: string }) => candidate.cveID === 'CVE-2017-0144',
    );
    expect(eternalBlue?.kev).toEqual({
      dateAdded: entry.dateAdded,
      dueDate: entry.dueDate,
      requiredAction: entry.requiredAction,
      ransomwareUse: entry.knownRansomwareCampaignUse,
    });
    expect(eternalBlue?.recommendedActions[0]).toBe(
      `Known exploited (CISA KEV since ${entry.dateAdded}, due ${entry.dueDate}): ${entry.requiredAction}`,
    );
    expect(
      kev
        .filter((vulnerability) => vulnerability.deviceId === portal.id)
        .map((vulnerability) => vulnerability.id),
    ).toContain('CVE-2017-0144');
    const table = vigil('vulns', '--kev');
    expect(table.stdout).toContain('CVE-2017-0144');
    expect(table.stdout).not.toContain('CVE-2023-30559');
  });

  it('keeps the status analysts set, with its history, through re-matching and re-import', () => {
    const pump = alarisPumps.find((candidate) => candidate.firmware === '12.1.2') as TruthDevice;
    const refused = vigil('vuln-status', pump.mac, 'CVE-2023-30559', 'risk-accepted', '--by', 'j.ortiz');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('risk-accepted needs --owner and --expires');
    const unknown = vigil('vuln-status', pump.mac, 'CVE-2099-0001', 'applied', '--by', 'j.ortiz');
    expect(unknown.stderr).toContain('CVE-2099-0001 is not matched to');
    expect(
      vigil(
        'vuln-status',
        pump.mac,
        'CVE-2023-30559',
        'risk-accepted',
        '--by',
        'j.ortiz',
        '--owner',
        'Dr. Lee, ICU',
        '--expires',
        '2099-12-31',
        '--note',
        'pumps on an isolated VLAN until the 12.3 rollout',
      ).status,
    ).toBe(0);
    expect(
      vigil('vuln-status', pump.mac, 'CVE-2023-30559', 'scheduled', '--by', 'biomed', '--note', 'CHG-1042')
        .status,
    ).toBe(0);
    expect(vigil('ingest', capture).status).toBe(0);
    expect(vigil('feeds', 'import', referenceData('csaf-icsma')).stdout).toContain(
      '134 files: 0 imported, 134 unchanged',
    );
    const device = json<Device & { vulnerabilityStatusHistory: StatusHistory }>('device', pump.mac);
    const unsigned = device.vulnerabilities.find((vulnerability) => vulnerability.id === 'CVE-2023-30559');
    expect(unsigned?.status).toMatchObject({
      value: 'scheduled',
      setBy: 'analyst',
      actor: 'biomed',
      note: 'CHG-1042',
    });
    expect(unsigned?.recommendedActions.length).toBeGreaterThan(0);
    expect(
      device.vulnerabilityStatusHistory.map(({ before, after, actor }) => [before, after, actor]),
    ).toEqual([
      [null, 'risk-accepted', 'j.ortiz'],
      ['risk-accepted', 'scheduled', 'biomed'],
    ]);
  });

  it('re-matches when an analyst corrects the firmware: the fixed version is no longer affected', () => {
    const pump = alarisPumps.find((candidate) => candidate.firmware === '12.1.2') as TruthDevice;
    expect(
      vigil('override', pump.mac, 'firmware', '12.3.1', '--by', 'biomed', '--reason', 'updated on the ward')
        .status,
    ).toBe(0);
    const device = json<Device & { vulnerabilityStatusHistory: StatusHistory }>('device', pump.mac);
    expect(device.vulnerabilities.map((vulnerability) => vulnerability.id)).not.toContain('CVE-2023-30559');
    // What the analysts recorded stays.
    expect(device.vulnerabilityStatusHistory).toHaveLength(2);
  });
});
