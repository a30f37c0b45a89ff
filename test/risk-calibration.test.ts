import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VendorNames } from '../src/intel/matching/names.js';
import { unmatchedDevices } from '../src/intel/unmatched-devices.js';
import type { DeviceRecord } from '../src/inventory/device-record.js';
import { findingTypes } from '../src/inventory/finding-types.js';
import type { DeviceRisk } from '../src/risk/assess-device.js';
import { assessFleet } from '../src/risk/assess-fleet.js';
import { gatherRiskInputs } from '../src/risk/gather-risk-input.js';
import { loadRiskModel } from '../src/risk/risk-model.js';
import { scoreDevice } from '../src/risk/score-device.js';
import type { Store } from '../src/store/open-store.js';
import { demoHospital } from './support/demo-hospital.js';

/**
 * How the default risk model (data/risk/model.json) is calibrated: each finding weighs within
 * the band of its severity, vulnerabilities nobody is known to exploit count together for at
 * most 0.4 of likelihood, and then, on the demo's simulated hospital, the score, the SSVC
 * decisions, the findings and the clinical function must tell one story.
 */
const model = loadRiskModel();
const bands = { critical: [0.45, 1], high: [0.25, 0.45], medium: [0.1, 0.25], low: [0, 0.1] } as const;
const serious = new Set(['high', 'critical']);

describe('the risk model weighs each finding within the band of its severity', () => {
  it('gives every finding type a weight, inside its band', () => {
    for (const [type, { severity }] of Object.entries(findingTypes)) {
      const weight = model.likelihood.findings[type];
      const [low, high] = bands[severity];
      expect({ type, severity, weight }).toEqual({ type, severity, weight: expect.any(Number) });
      expect(weight, `${type} (${severity})`).toBeGreaterThanOrEqual(low);
      expect(weight, `${type} (${severity})`).toBeLessThanOrEqual(high);
    }
  });
});

describe('risk on the demo hospital tells one story', () => {
  let store: Store;
  let risks: DeviceRisk[];
  let devices: Map<string, DeviceRecord>;

  beforeAll(async () => {
    ({ store } = await demoHospital());
    devices = new Map((await store.devices.list()).map((device) => [device.id, device]));
    risks = await assessFleet(store, model);
  }, 120_000);
  afterAll(async () => store?.close());

  const worstFinding = (risk: DeviceRisk) =>
    (devices.get(risk.deviceId)?.findings ?? []).some((finding) =>
      serious.has(findingTypes[finding.type as keyof typeof findingTypes]?.severity ?? 'low'),
    );
  const actOrAttend = (risk: DeviceRisk) =>
    risk.vulnerabilities.some((vulnerability) => ['Act', 'Attend'].includes(vulnerability.ssvc.decision));

  it('rates a device high or critical only for a serious finding or an Act/Attend vulnerability, or says why', () => {
    const raised = risks.filter((risk) => risk.level === 'high' || risk.level === 'critical');
    expect(raised.length).toBeGreaterThan(0);
    for (const risk of raised)
      expect(
        worstFinding(risk) || actOrAttend(risk) || risk.levelNote !== null,
        `${risk.deviceId} ${risk.level} ${risk.reason}`,
      ).toBe(true);
  });

  it('never lets vulnerabilities SSVC answers Track make a device critical by themselves', async () => {
    const inputs = await gatherRiskInputs(store, model);
    const tracked = inputs.filter((input) => {
      const risk = risks.find((candidate) => candidate.deviceId === input.deviceId)!;
      return (
        risk.vulnerabilities.length > 0 &&
        risk.vulnerabilities.every((vulnerability) => vulnerability.ssvc.decision.startsWith('Track'))
      );
    });
    // The IntelliVue monitors with eight ICSMA-20-254-01 CVEs each, the Spectrum IQ pumps, …
    expect(tracked.length).toBeGreaterThan(3);
    for (const input of tracked) {
      const withoutFindings = scoreDevice({ ...input, findings: [] }, model);
      expect(withoutFindings.level, input.deviceId).not.toBe('critical');
    }
  });

  it('weighs patient data in clear as the high finding it is: the PACS is at least medium, with it in its reason', () => {
    const pacs = risks.find((risk) => devices.get(risk.deviceId)?.type === 'PACS');
    expect(pacs).toBeDefined();
    expect(devices.get(pacs!.deviceId)?.findings.map((finding) => finding.type)).toContain('phi-cleartext');
    expect(['medium', 'high', 'critical']).toContain(pacs!.level);
    expect(pacs!.reason).toContain('patient data sent in clear');
  });

  it('ranks a device with a serious finding above every device of its clinical function with nothing against it', () => {
    const clean = (risk: DeviceRisk) =>
      risk.vulnerabilities.length === 0 && (devices.get(risk.deviceId)?.findings.length ?? 0) === 0;
    const functionOf = (risk: DeviceRisk) =>
      risk.factors.find((factor) => factor.name.startsWith('clinical function: '))?.name;
    for (const risk of risks.filter(worstFinding)) {
      const peers = risks.filter((other) => clean(other) && functionOf(other) === functionOf(risk));
      for (const peer of peers)
        expect(risk.score, `${risk.deviceId} vs ${peer.deviceId}`).toBeGreaterThan(peer.score);
    }
  });

  it('gives every device a reason in plain words, with no machine tokens', () => {
    for (const risk of risks) {
      expect(risk.reason.length).toBeGreaterThan(0);
      expect(risk.reason).not.toMatch(
        /\b(?:[a-z]+-){1,3}(?:tls|credentials|service|scp|snmp|community|nla)\b/,
      );
      expect(risk.reason).not.toMatch(/^(?:finding|clinical function): /);
    }
  });

  it('counts the pumps whose model is unknown as unmatched, naming the advisories of their maker', async () => {
    const unmatched = await unmatchedDevices(store, VendorNames.load());
    const pumps = [...devices.values()].filter((device) => device.type === 'infusion pump');
    const unmatchedPumps = unmatched.filter((device) => device.type === 'infusion pump');
    // Every pump the traffic does not name a model for is listed, none is silently "clean".
    expect(unmatchedPumps.map((device) => device.deviceId).sort()).toEqual(
      pumps
        .filter((pump) => pump.model === null)
        .map((pump) => pump.id)
        .sort(),
    );
    const baxter = unmatchedPumps.filter((device) => /baxter/i.test(device.manufacturer ?? ''));
    expect(baxter.length).toBeGreaterThan(0);
    for (const pump of baxter) {
      expect(pump.missing).toContain('model');
      expect(pump.reason).toMatch(/^Model unknown: cannot be matched/);
      expect(pump.advisories.map((advisory) => advisory.id)).toContain('ICSMA-22-251-01');
    }
    // A Baxter pump whose telnet greeting names its product is matched through it all the same.
    const greeted = baxter.filter((pump) =>
      devices.get(pump.deviceId)?.attributes.some((attribute) => attribute.name === 'telnet.banner'),
    );
    expect(greeted.length).toBeGreaterThan(0);
    for (const pump of greeted) expect(pump.matches).toBeGreaterThan(0);
  });
});
