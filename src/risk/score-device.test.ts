import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { riskDevice, riskVulnerability } from '../../test/support/risk-inputs.js';
import { loadRiskModel } from './risk-model.js';
import { scoreDevice } from './score-device.js';

const model = loadRiskModel();

describe('scoreDevice: worked examples', () => {
  // An infusion pump, life-sustaining, with EternalBlue (in KEV), reached from the guest network.
  const pump = riskDevice({
    type: 'infusion pump',
    clinicalFunction: 'life-sustaining',
    inboundPeers: 3,
    outboundPeers: 2,
    untrustedInbound: [{ network: 'guest', address: '10.15.0.23' }],
    vulnerabilities: [
      riskVulnerability({
        id: 'CVE-2017-0144',
        cvssVector: 'CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H',
        cvssScore: 8.1,
        kevDateAdded: '2022-02-10',
      }),
    ],
  });
  // A printer with six critical CVEs, none exploited, and telnet open.
  const printer = riskDevice({
    type: 'printer',
    clinicalFunction: 'none',
    inboundPeers: 10,
    findings: [{ type: 'telnet-service', detail: null }],
    vulnerabilities: Array.from({ length: 6 }, (_, index) =>
      riskVulnerability({
        id: `CVE-2024-000${index}`,
        cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
        cvssScore: 9.8,
        epss: 0.01,
        epssPercentile: 0.8,
      }),
    ),
  });

  it('ranks the life-sustaining pump with a KEV vulnerability reachable from the guest network above the printer with more CVEs', () => {
    const pumpRisk = scoreDevice(pump, model);
    const printerRisk = scoreDevice(printer, model);
    // Worked by hand with data/risk/model.json:
    // pump: impact = min(1, 1.0 + 0.15·ln(1+5)/ln(201) = 1.051) = 1;
    //   CVE-2017-0144: 1 − (1 − 0.6)(1 − 0.35·0.81·1·1·1) = 1 − 0.4·0.7165 = 0.7134; guest: 0.3
    //   likelihood = 1 − 0.2866·0.7 = 0.7994 → score 79.9, critical.
    // printer: impact = 0.3 + 0.15·ln(11)/ln(201) = 0.3678;
    //   each CVE: 0.35·0.98 = 0.343, six would give 1 − 0.657⁶ = 0.9196, but none is known to be
    //   exploited (SSVC: Track), so together they give at most 0.4; EPSS 0.01·0.8 = 0.008; telnet 0.25
    //   likelihood = 1 − 0.6·0.992·0.75 = 0.5536 → score 20.4, medium.
    expect(pumpRisk).toMatchObject({ score: 79.9, level: 'critical', impact: 1, likelihood: 0.799 });
    expect(printerRisk).toMatchObject({ score: 20.4, level: 'medium', impact: 0.368, likelihood: 0.554 });
    expect(pumpRisk.factors.slice(0, 3).map((factor) => factor.name)).toEqual([
      'clinical function: life-sustaining',
      'vulnerability CVE-2017-0144',
      'reachable from an untrusted network',
    ]);
    expect(pumpRisk.factors.find((factor) => factor.name === 'vulnerability CVE-2017-0144')?.evidence).toBe(
      'known exploited (CISA KEV since 2022-02-10); CVSS 8.1 CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H',
    );
  });

  it("adds up: the factors' contributions make the score", () => {
    for (const input of [pump, printer]) {
      const { score, factors } = scoreDevice(input, model);
      const total = factors.reduce((sum, factor) => sum + factor.contribution, 0);
      expect(Math.abs(total - score)).toBeLessThanOrEqual(0.05 * factors.length);
    }
  });

  it('lowers the score for a recorded control and for an applied or mitigated patch', () => {
    const base = scoreDevice(pump, model).score;
    const segmented = scoreDevice(
      { ...pump, controls: [{ name: 'segmented', note: 'pump VLAN 40' }] },
      model,
    );
    // 100 · 1 · 0.7994 · (1 − 0.5) = 40.0
    expect(segmented.score).toBe(40);
    expect(segmented.factors.find((factor) => factor.kind === 'control')).toMatchObject({
      name: 'control: segmented',
      contribution: -20,
    });
    const patched = riskDevice({
      ...pump,
      vulnerabilities: pump.vulnerabilities.map((found) => ({ ...found, status: 'applied' })),
    });
    expect(scoreDevice(patched, model).score).toBeLessThan(base);
    const mitigated = riskDevice({
      ...pump,
      vulnerabilities: pump.vulnerabilities.map((found) => ({ ...found, status: 'mitigated' })),
    });
    expect(scoreDevice(mitigated, model).score).toBeLessThan(base);
    expect(scoreDevice(mitigated, model).score).toBeGreaterThan(scoreDevice(patched, model).score);
  });
});

const clinicalFunctions = [
  'life-sustaining',
  'patient-connected',
  'therapeutic',
  'diagnostic',
  'administrative',
  'none',
  null,
];
const findingTypes = Object.keys(model.likelihood.findings);
const vulnerabilityArbitrary = fc.record({
  // Few ids and repeated scores, so that ties (which order must not decide) come up often.
  id: fc.oneof(fc.constantFrom('CVE-2000-0001', 'CVE-2000-0002'), fc.stringMatching(/^CVE-20\d\d-\d{4,5}$/)),
  cvssVector: fc.option(
    fc
      .tuple(
        fc.constantFrom('N', 'A', 'L', 'P'),
        fc.constantFrom('N', 'L', 'H'),
        fc.constantFrom('N', 'R'),
        fc.constantFrom('H', 'L', 'N'),
      )
      .map(([av, pr, ui, c]) => `CVSS:3.1/AV:${av}/AC:L/PR:${pr}/UI:${ui}/S:U/C:${c}/I:H/A:H`),
  ),
  cvssScore: fc.option(fc.double({ min: 0, max: 10, noNaN: true })),
  epss: fc.option(fc.oneof(fc.constantFrom(0.001, 0.5), fc.double({ min: 0, max: 1, noNaN: true }))),
  epssPercentile: fc.option(fc.oneof(fc.constantFrom(0.2, 0.97), fc.double({ min: 0, max: 1, noNaN: true }))),
  kevDateAdded: fc.option(fc.constant('2024-01-01')),
  certainty: fc.constantFrom('certain' as const, 'uncertain' as const),
  status: fc.constantFrom(
    'affected',
    'patch-available',
    'scheduled',
    'mitigated',
    'applied',
    'risk-accepted',
  ),
});
const inputArbitrary = fc.record({
  deviceId: fc.constant('dev-property'),
  type: fc.option(fc.constantFrom('infusion pump', 'printer', 'CT scanner')),
  clinicalFunction: fc.constantFrom(...clinicalFunctions),
  phiEvidence: fc.option(fc.constant('speaks hl7')),
  inboundPeers: fc.nat(500),
  outboundPeers: fc.nat(500),
  internetPeers: fc.nat(20),
  untrustedInbound: fc.array(
    fc.record({
      network: fc.constantFrom('guest', 'vendor VPN'),
      address: fc.constantFrom('10.15.0.9', '10.15.0.10'),
    }),
    { maxLength: 3 },
  ),
  findings: fc.array(
    fc.record({
      type: fc.constantFrom(...findingTypes, 'unknown-finding'),
      detail: fc.option(fc.constantFrom('2 of 4', '1 of 1')),
    }),
    { maxLength: 4 },
  ),
  operatingSystems: fc.array(fc.constantFrom('Windows 7', 'Windows 11', 'Linux'), { maxLength: 2 }),
  vulnerabilities: fc.array(vulnerabilityArbitrary, { maxLength: 6 }),
  controls: fc.array(
    fc.record({
      name: fc.constantFrom('segmented', 'monitored'),
      note: fc.option(fc.constantFrom('VLAN 40', 'ACL 7')),
    }),
    { maxLength: 3 },
  ),
});
const findingArbitrary = fc.record({ type: fc.constantFrom(...findingTypes), detail: fc.constant(null) });

describe('scoreDevice: properties', () => {
  it('never lowers a score when a vulnerability or a finding is added', () => {
    fc.assert(
      fc.property(inputArbitrary, vulnerabilityArbitrary, findingArbitrary, (input, added, finding) => {
        const before = scoreDevice(input, model).score;
        expect(
          scoreDevice({ ...input, vulnerabilities: [...input.vulnerabilities, added] }, model).score,
        ).toBeGreaterThanOrEqual(before);
        expect(
          scoreDevice({ ...input, findings: [...input.findings, finding] }, model).score,
        ).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 1000 },
    );
  });

  it('never raises a score when a compensating control is added', () => {
    fc.assert(
      fc.property(
        inputArbitrary,
        fc.constantFrom('segmented', 'monitored', 'unknown-control'),
        (input, control) => {
          const before = scoreDevice(input, model).score;
          expect(
            scoreDevice({ ...input, controls: [...input.controls, { name: control, note: null }] }, model)
              .score,
          ).toBeLessThanOrEqual(before);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('gives the same score and factors for the same input, whatever the order of its lists', () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const first = scoreDevice(input, model);
        const reordered = {
          ...input,
          vulnerabilities: [...input.vulnerabilities].reverse(),
          findings: [...input.findings].reverse(),
          controls: [...input.controls].reverse(),
          untrustedInbound: [...input.untrustedInbound].reverse(),
        };
        expect(scoreDevice(reordered, model)).toEqual(first);
        expect(first.score).toBeGreaterThanOrEqual(0);
        expect(first.score).toBeLessThanOrEqual(100);
      }),
      { numRuns: 3000 },
    );
  });
});
