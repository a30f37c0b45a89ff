import { describe, expect, it } from 'vitest';
import { eternalBlue, riskDevice } from '../../test/support/risk-inputs.js';
import type { RiskInput } from './risk-input.js';
import { loadRiskModel } from './risk-model.js';
import { scoreDevice } from './score-device.js';
import { rankActions } from './what-if.js';

const model = loadRiskModel();
const pumps: RiskInput[] = [1, 2].map((index) => ({
  ...riskDevice({}),
  deviceId: `dev-pump-${index}`,
  type: 'infusion pump',
  clinicalFunction: 'life-sustaining',
  untrustedInbound: [{ network: 'guest', address: '10.15.0.23' }],
  vulnerabilities: [eternalBlue],
}));
const printer: RiskInput = {
  ...riskDevice({}),
  deviceId: 'dev-printer',
  type: 'printer',
  clinicalFunction: 'none',
  findings: [{ type: 'telnet-service', detail: null }],
  vulnerabilities: Array.from({ length: 3 }, (_, index) => ({
    ...eternalBlue,
    id: `CVE-2024-000${index}`,
    cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    cvssScore: 9.8,
    kevDateAdded: null,
  })),
};

describe('rankActions', () => {
  it('ranks patching the exploited vulnerability on the pumps first, per hour of effort', () => {
    const actions = rankActions([...pumps, printer], model);
    // Each pump: 100 · 1 · (1 − 0.4·0.7165·0.7) = 79.9 now; without EternalBlue only the guest
    // network's 0.3 remains: 30.0. Two pumps, one hour each: 99.8 points for 2 h.
    expect(actions[0]).toMatchObject({
      action: 'patch CVE-2017-0144',
      deviceIds: ['dev-pump-1', 'dev-pump-2'],
      riskBefore: 159.8,
      riskAfter: 60,
      riskReduced: 99.8,
      effort: 2,
      reducedPerEffort: 49.9,
    });
    // Segmenting both pumps halves their likelihood: 2 · (79.9 − 40.0) = 79.8 for 4 + 2·0.25 h.
    expect(actions.find((action) => action.action === 'segment infusion pump')).toMatchObject({
      riskReduced: 79.8,
      effort: 4.5,
      reducedPerEffort: 17.7,
    });
    for (let index = 1; index < actions.length; index += 1) {
      expect((actions[index - 1] as { reducedPerEffort: number }).reducedPerEffort).toBeGreaterThanOrEqual(
        (actions[index] as { reducedPerEffort: number }).reducedPerEffort,
      );
    }
  });

  it('changes nothing it is given, and offers nothing already done', () => {
    const before = JSON.stringify(pumps);
    const segmented = pumps.map((pump) => ({ ...pump, controls: [{ name: 'segmented', note: null }] }));
    const actions = rankActions(segmented, model);
    expect(JSON.stringify(pumps)).toBe(before);
    expect(actions.map((action) => action.action)).toEqual(['patch CVE-2017-0144']);
    expect(scoreDevice(segmented[0] as RiskInput, model).score).toBe(40);
  });

  it('segments the groups of a segmentation policy, when given one, instead of every device of a type', () => {
    const actions = rankActions([...pumps, printer], model, [
      { name: 'infusion pump in ICU (pol-2)', deviceIds: ['dev-pump-1'] },
      { name: 'maintenance hosts (pol-2)', deviceIds: ['dev-printer', 'dev-not-assessed'] },
    ]);
    const segments = actions.filter((action) => action.kind === 'segment');
    expect(segments.map((action) => [action.action, action.deviceIds])).toEqual(
      expect.arrayContaining([
        ['segment infusion pump in ICU (pol-2)', ['dev-pump-1']],
        ['segment maintenance hosts (pol-2)', ['dev-printer']],
      ]),
    );
    expect(segments.find((action) => action.action === 'segment infusion pump')).toBeUndefined();
    // One pump: 79.9 → 40.0 for 4 + 0.25 h.
    expect(segments.find((action) => action.deviceIds[0] === 'dev-pump-1')).toMatchObject({
      riskReduced: 39.9,
      effort: 4.3,
    });
  });
});
