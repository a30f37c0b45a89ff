import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommsProfile } from '../src/segment/comms.js';
import type { SimulatedFlow, SimulationReport } from '../src/segment/simulate-policy.js';
import type { Incident } from '../src/sim/attacks.js';
import { simulateHospital } from '../src/sim/simulate.js';
import type { GroundTruth } from '../src/sim/truth.js';
import { temporaryDirectory } from './support/temporary-store.js';
import { vigilOn } from './support/vigil-cli.js';

const directory = temporaryDirectory('vigil-segment-sim-');
const zones = join(import.meta.dirname, '..', 'examples', 'hospital-zones.json');
const hospital = { devices: 150, durationSeconds: 3600, seed: 7 };
const learning = join(directory, 'day-0.pcapng');
const attacked = join(directory, 'day-1.pcapng');
simulateHospital({ ...hospital, day: 0, out: learning });
const { truthPath } = simulateHospital({
  ...hospital,
  day: 1,
  out: attacked,
  attacks: ['scan', 'lateral', 'telnet-bruteforce', 'exfil'],
});
const incidents = (JSON.parse(readFileSync(truthPath, 'utf8')) as GroundTruth).incidents;

type Listed = Omit<SimulatedFlow, 'firstSeenMs'> & { firstSeen: string };
type Report = Omit<SimulationReport, 'flows'> & { capture: string; packets: number; flows: Listed[] };

/** The flows an incident made: from its attacker to its targets while it ran. */
function flowsOf(incident: Incident, flows: readonly Listed[]): Listed[] {
  return flows.filter((flow) => {
    const atUs = Date.parse(flow.firstSeen) * 1000;
    return (
      flow.src === incident.attackerIp &&
      incident.targets.includes(flow.dst) &&
      atUs >= incident.startUs - 1000 &&
      atUs <= incident.endUs
    );
  });
}

/**
 * `vigil sim` with attacks: a policy generated from a clean day (the learning window) and replayed
 * on the next day, which carries a scan, lateral movement, a telnet brute force and an
 * exfiltration. Every attack flow is blocked, and no clinical flow of the learning window is.
 */
describe('a policy learned from a clean simulated day', () => {
  const vigil = vigilOn(join(directory, 'vigil.db'));
  const simulate = (capture: string, policy: string) => {
    const run = vigil('policy', 'simulate', capture, '--policy', policy, '--json');
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout) as Report;
  };

  it('blocks every flow of each attack and none of the learning window, at each granularity', () => {
    expect(vigil('ingest', learning, '--zones', zones).status).toBe(0);
    const figures: string[] = [];
    for (const granularity of ['device', 'type', 'zone']) {
      const generated = vigil(
        'policy',
        'generate',
        '--granularity',
        granularity,
        '--zones',
        zones,
        '--by',
        'analyst',
      );
      expect(generated.stderr).toBe('');
      const id = /^(pol-\d+)/.exec(generated.stdout)![1]!;

      const window = simulate(learning, id);
      const clinical = window.flows.filter((flow) => flow.clinical && flow.answered);
      expect(clinical.filter((flow) => flow.application === 'DICOM').length).toBeGreaterThan(0);
      expect(clinical.filter((flow) => flow.application === 'HL7 MLLP').length).toBeGreaterThan(0);
      // Every flow that worked is allowed; a refused connection is not learned.
      expect(window.flows.filter((flow) => flow.action === 'block' && flow.answered)).toEqual([]);
      expect(window.totals.clinicalBlocked).toBe(0);
      expect(clinical.every((flow) => flow.action === 'allow')).toBe(true);

      const day = simulate(attacked, id);
      const attackFlows = new Set<Listed>();
      for (const incident of incidents) {
        const flows = flowsOf(incident, day.flows);
        expect(flows.length, incident.type).toBeGreaterThan(0);
        for (const flow of flows) {
          expect(flow, `${granularity}: ${incident.type}`).toMatchObject({ action: 'block' });
          attackFlows.add(flow);
        }
      }
      const benignBlocked = day.flows.filter((flow) => flow.action === 'block' && !attackFlows.has(flow));
      figures.push(
        `${granularity}: ${day.rules.length} rules; window ${window.totals.flows} flows (${clinical.length} clinical), every answered one allowed (${window.flows.filter((flow) => !flow.answered).length} refused); next day ${attackFlows.size} attack flows blocked, ${benignBlocked.length} of ${day.totals.flows - attackFlows.size} other flows blocked (${day.totals.clinicalBlocked} would break care); fleet exposure ${day.fleetExposure.after} %`,
      );
    }
    console.log(
      `segmentation on vigil sim (${hospital.devices} devices, 1 h learned, 1 h replayed):\n${figures.join('\n')}`,
    );
  }, 180_000);

  it("profiles a modality's communication: the PACS it stores to over DICOM, and the operations", () => {
    const truth = JSON.parse(
      readFileSync(learning.replace(/\.pcapng$/, '.truth.json'), 'utf8'),
    ) as GroundTruth;
    const ct = truth.devices.find((device) => device.type === 'CT scanner')!;
    const pacs = truth.devices.find((device) => device.type === 'PACS')!;
    const run = vigil('comms', ct.ip, '--json');
    expect(run.stderr).toBe('');
    const profile = JSON.parse(run.stdout) as CommsProfile;
    expect(profile.addresses).toEqual([ct.ip]);
    expect(profile.services).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          direction: 'out',
          peer: expect.objectContaining({ address: pacs.ip, deviceId: expect.any(String) }),
          protocol: 'tcp',
          port: 104,
        }),
      ]),
    );
    expect(profile.operations.dicomOperations?.join(' ')).toMatch(/C-STORE-RQ CT Image Storage/);
    expect(profile.totals.flows).toBe(profile.services.reduce((sum, service) => sum + service.flows, 0));
    // The CT scanners as a group: every one stores to the PACS, and the type's baseline says how.
    const group = JSON.parse(vigil('comms', '--type', 'CT scanner', '--json').stdout) as CommsProfile;
    const cts = truth.devices.filter((device) => device.type === 'CT scanner');
    expect(group.devices).toBe(cts.length);
    const stores = group.services.find(
      (service) => service.peer.address === pacs.ip && service.port === 104,
    )!;
    expect(stores.memberAddresses.sort()).toEqual(cts.map((device) => device.ip).sort());
    expect(vigil('comms', ct.ip, '--type', 'CT scanner').stderr).toMatch(/not both/);
  });

  it('needs a second account, of a role that may, to approve; keeps versions, their diff and the audit', () => {
    for (const [name, role] of [
      ['analyst', 'security-analyst'],
      ['viewer', 'viewer'],
      ['biomed', 'clinical-engineer'],
    ] as const)
      expect(vigil('users', 'add', name, '--role', role, '--generate-password').status).toBe(0);
    const selfApproval = vigil('policy', 'approve', 'pol-1', '--by', 'analyst');
    expect([selfApproval.status, selfApproval.stderr]).toEqual([
      1,
      expect.stringMatching(/cannot approve policy/),
    ]);
    expect(vigil('policy', 'approve', 'pol-1', '--by', 'viewer').stderr).toMatch(
      /viewer, a role that cannot approve/,
    );
    expect(vigil('policy', 'approve', 'pol-1', '--by', 'nobody').stderr).toMatch(
      /no enabled account "nobody"/,
    );
    expect(vigil('policy', 'approve', 'pol-1', '--by', 'biomed').stdout).toBe('pol-1 approved by biomed\n');
    expect(vigil('policy', 'approve', 'pol-2', '--by', 'biomed').status).toBe(0);
    expect(vigil('policy', 'approve', 'pol-1', '--by', 'biomed').stderr).toMatch(/pol-1 is superseded/);
    // An analyst's groups file is checked before anything is stored, the bad entry named.
    const groups = join(directory, 'groups.json');
    writeFileSync(groups, JSON.stringify([{ name: 'biomed laptops', macs: ['00:1a:zz:00:00:01'] }]));
    const refused = vigil('policy', 'generate', '--groups', groups);
    expect([refused.status, refused.stderr]).toEqual([
      1,
      expect.stringContaining('at /0/macs/0: a MAC address'),
    ]);
    const versions = JSON.parse(vigil('policy', 'list', '--json').stdout) as { id: string; status: string }[];
    expect(versions.map((version) => [version.id, version.status])).toEqual([
      ['pol-3', 'draft'],
      ['pol-2', 'approved'],
      ['pol-1', 'superseded'],
    ]);
    const diff = JSON.parse(vigil('policy', 'diff', 'pol-2', 'pol-3', '--json').stdout) as {
      changes: { change: string }[];
    };
    expect(diff.changes.length).toBeGreaterThan(0);
    const audit = vigil('audit', 'list', '--json');
    const actions = (JSON.parse(audit.stdout) as { action: string; target: string; actor: string }[])
      .filter((entry) => entry.action.startsWith('policy-'))
      .map((entry) => `${entry.action} ${entry.target} ${entry.actor}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'policy-generated pol-1 analyst',
        'policy-generated pol-3 analyst',
        'policy-approved pol-1 biomed',
        'policy-approved pol-2 biomed',
      ]),
    );
  }, 60_000);
});
