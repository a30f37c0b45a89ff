import { describe, expect, it } from 'vitest';
import { eternalBlue, riskDevice, riskVulnerability } from '../../test/support/risk-inputs.js';
import { medicalCvss } from './medical-cvss.js';
import type { RiskVulnerability } from './risk-input.js';
import { decideSsvc } from './ssvc.js';

describe('CISA SSVC decisions, worked by hand through the tree', () => {
  const cases: [
    name: string,
    found: RiskVulnerability,
    clinicalFunction: string | null,
    path: string[],
    decision: string,
  ][] = [
    [
      'KEV, network, no privileges or user, total impact, on a life-sustaining pump',
      riskVulnerability({
        cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
        cvssScore: 9.8,
        kevDateAdded: '2024-01-01',
      }),
      'life-sustaining',
      ['active', 'yes', 'total', 'high'],
      'Act',
    ],
    // EternalBlue needs high attack complexity (AC:H): not automatable by the vector.
    [
      'EternalBlue on a life-sustaining pump',
      eternalBlue,
      'life-sustaining',
      ['active', 'no', 'total', 'high'],
      'Act',
    ],
    ['EternalBlue on a printer', eternalBlue, 'none', ['active', 'no', 'total', 'low'], 'Track'],
    [
      'adjacent, partial impact, not exploited, on a monitor',
      riskVulnerability({
        cvssVector: 'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:H',
        cvssScore: 7.1,
        epssPercentile: 0.5,
      }),
      'patient-connected',
      ['none', 'no', 'partial', 'high'],
      'Track',
    ],
    [
      'EPSS in the top 5 %, automatable, total, on a CT scanner',
      riskVulnerability({
        cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
        cvssScore: 9.8,
        epssPercentile: 0.97,
      }),
      'diagnostic',
      ['poc', 'yes', 'total', 'medium'],
      'Track*',
    ],
    [
      'no exploitation known, automatable, total, on a ventilator',
      riskVulnerability({ cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', cvssScore: 9.8 }),
      'life-sustaining',
      ['none', 'yes', 'total', 'high'],
      'Attend',
    ],
    [
      'no vector at all, on an untyped device',
      riskVulnerability({}),
      null,
      ['none', 'no', 'partial', 'medium'],
      'Track',
    ],
  ];
  for (const [name, found, clinicalFunction, path, decision] of cases) {
    it(name, () => {
      const result = decideSsvc(found, clinicalFunction);
      expect(result.path.map((step) => step.value)).toEqual(path);
      expect(result.decision).toBe(decision);
      expect(result.path.every((step) => step.because !== '')).toBe(true);
    });
  }

  it('says why at each point', () => {
    expect(decideSsvc(eternalBlue, 'life-sustaining').path).toEqual([
      { point: 'exploitation', value: 'active', because: 'in CISA KEV since 2022-02-10' },
      { point: 'automatable', value: 'no', because: 'AV:N/AC:H/PR:N/UI:N' },
      { point: 'technical impact', value: 'total', because: 'C:H/I:H' },
      {
        point: 'mission & well-being',
        value: 'high',
        because: 'a life-sustaining device: its failure or tampering can harm a patient',
      },
    ]);
  });
});

describe('CVSS for the medical context, worked by hand with the CVSS 3.0 environmental equations', () => {
  const pump = riskDevice({
    deviceId: 'dev-pump',
    type: 'infusion pump',
    clinicalFunction: 'life-sustaining',
    inboundPeers: 3,
    outboundPeers: 2,
    untrustedInbound: [{ network: 'guest', address: '10.15.0.23' }],
  });

  it('keeps the network vector of a pump the guest network reaches, and weighs integrity and availability high', () => {
    // C=I=A=0.56, CR M (1.0), IR H (1.5), AR H (1.5): 1 − 0.44·0.16·0.16 = 0.9887 → capped 0.915;
    // impact 6.42·0.915 = 5.874; exploitability 8.22·0.85·0.44·0.85·0.85 = 2.221; roundup(8.096) = 8.1.
    const result = medicalCvss(eternalBlue, pump);
    expect(result).toMatchObject({
      baseScore: 8.1,
      score: 8.1,
      vector: 'CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:M/IR:H/AR:H',
    });
    expect(result.path.map((step) => `${step.metric}:${step.value}`)).toEqual([
      'IR:H',
      'AR:H',
      'CR:M',
      'MAV:N',
    ]);
  });

  it('counts the network vector as adjacent when nothing outside reaches the pump', () => {
    // Exploitability with MAV:A (0.62): 8.22·0.62·0.44·0.85·0.85 = 1.620; roundup(5.874 + 1.620) = 7.5.
    const result = medicalCvss(eternalBlue, { ...pump, untrustedInbound: [] });
    expect(result.score).toBe(7.5);
    expect(result.path.at(-1)).toMatchObject({ metric: 'MAV', value: 'A' });
  });

  it('raises confidentiality for a device that handles patient data, and leaves CVSS 2.0 alone', () => {
    const pacs = {
      ...pump,
      clinicalFunction: 'diagnostic',
      phiEvidence: 'speaks dicom, which carry patient data',
    };
    const leak = riskVulnerability({
      cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N',
      cvssScore: 7.5,
    });
    const result = medicalCvss(leak, pacs);
    // C=0.56, CR H (1.5): 1 − (1 − 0.84) = 0.84; impact 6.42·0.84 = 5.393; exploitability 3.887: roundup(9.28) = 9.3.
    expect(result.score).toBe(9.3);
    expect(result.path.find((step) => step.metric === 'CR')).toMatchObject({ value: 'H' });
    const old = medicalCvss(
      riskVulnerability({ cvssVector: 'AV:N/AC:L/Au:N/C:P/I:P/A:P', cvssScore: 7.5 }),
      pacs,
    );
    expect(old.score).toBeNull();
  });
});
