import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeAlert } from '../src/changes/set-alert-status.js';
import type { Alert } from '../src/detect/alert.js';
import { assessFleet } from '../src/risk/assess-fleet.js';
import { loadRiskModel } from '../src/risk/risk-model.js';
import type { Store } from '../src/store/open-store.js';
import { demoHospital } from './support/demo-hospital.js';

/** The demo hospital's guest Wi-Fi scan, as an open alert, in the risk of the devices it probed. */
describe('an open alert in the risk of its targets', () => {
  let store: Store;
  let sweep: Alert;
  beforeAll(async () => {
    ({ store } = await demoHospital());
    const [found] = await store.alerts.list({ statuses: ['new'] });
    sweep = found!;
  }, 120_000);
  afterAll(async () => {
    await store.close();
  });

  it('adds a factor naming the alert to each target, and none to the others', async () => {
    expect(sweep.type).toBe('host-sweep');
    const targets = new Set(sweep.targets.map((target) => target.deviceId));
    const risks = await assessFleet(store, loadRiskModel());
    const factorOf = (risk: (typeof risks)[number]) =>
      risk.factors.find((factor) => factor.name === 'open alert: host-sweep');
    const withFactor = risks.filter((risk) => factorOf(risk) !== undefined);
    expect(withFactor.length).toBe(targets.size);
    for (const risk of withFactor) {
      expect(targets.has(risk.deviceId)).toBe(true);
      const factor = factorOf(risk)!;
      expect(factor.contribution).toBeGreaterThan(0);
      expect(factor.label).toBe('under attack: host sweep');
      expect(factor.evidence).toContain(sweep.id);
    }
  });

  it('takes it away once the alert is resolved', async () => {
    const model = loadRiskModel();
    const before = await assessFleet(store, model);
    await changeAlert(
      store,
      sweep.id,
      { status: 'resolved', actor: 'secops', note: 'guest laptop removed' },
      Date.now(),
    );
    const after = await assessFleet(store, model);
    const target = sweep.targets.find((party) => party.deviceId !== null)!.deviceId;
    const scoreOf = (risks: typeof before) => risks.find((risk) => risk.deviceId === target)!.score;
    expect(scoreOf(after)).toBeLessThan(scoreOf(before));
    expect(after.some((risk) => risk.factors.some((factor) => factor.name.startsWith('open alert:')))).toBe(
      false,
    );
  });
});
