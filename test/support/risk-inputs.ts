import type { RiskInput, RiskVulnerability } from '../../src/risk/risk-input.js';

/** A device for the risk model with nothing known of it but what the test says. */
export function riskDevice(overrides: Partial<RiskInput>): RiskInput {
  return {
    deviceId: 'dev-test',
    type: null,
    clinicalFunction: null,
    phiEvidence: null,
    inboundPeers: 0,
    outboundPeers: 0,
    internetPeers: 0,
    untrustedInbound: [],
    findings: [],
    operatingSystems: [],
    vulnerabilities: [],
    controls: [],
    ...overrides,
  };
}

/** An open, certain vulnerability with no scores but what the test says. */
export function riskVulnerability(overrides: Partial<RiskVulnerability>): RiskVulnerability {
  return {
    id: 'CVE-2000-0001',
    cvssVector: null,
    cvssScore: null,
    epss: null,
    epssPercentile: null,
    kevDateAdded: null,
    certainty: 'certain',
    status: 'affected',
    ...overrides,
  };
}

/** EternalBlue (CVE-2017-0144) as NVD scores it and CISA's KEV lists it. */
export const eternalBlue = riskVulnerability({
  id: 'CVE-2017-0144',
  cvssVector: 'CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H',
  cvssScore: 8.1,
  kevDateAdded: '2022-02-10',
});
