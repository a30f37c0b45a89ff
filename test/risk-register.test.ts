import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RegisterFields, registerProblem } from '../src/risk/register-entry.js';
import { registerView } from '../src/risk/register-view.js';
import type { RiskInput } from '../src/risk/risk-input.js';
import { loadRiskModel } from '../src/risk/risk-model.js';
import type { Store } from '../src/store/open-store.js';
import { storeBackends } from './support/temporary-store.js';

const model = loadRiskModel();
const mitigate: RegisterFields = {
  title: 'Pumps reachable from guest Wi-Fi',
  owner: 'Biomedical engineering',
  treatment: 'mitigate',
  dueDate: '2026-12-31',
  justification: null,
  acceptedUntil: null,
  status: 'open',
};

const backends = await storeBackends();

for (const backend of backends) {
  describe.skipIf(!backend.enabled)(`risk register on ${backend.name}`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      ({ store, drop } = await backend.open());
    });
    afterAll(async () => {
      await drop();
    });

    it('keeps every change with who made it, and refuses an acceptance without a reason and an end', async () => {
      const id = await store.register.add(
        'type',
        'infusion pump',
        mitigate,
        'j.ortiz',
        '2026-11-01T09:00:00.000Z',
      );
      await expect(
        store.register.update(
          id,
          { treatment: 'accept' },
          'dr.lee',
          '2026-11-02T09:00:00.000Z',
          registerProblem,
        ),
      ).rejects.toThrow('an accepted risk needs a justification and an expiry');
      const changed = await store.register.update(
        id,
        {
          treatment: 'accept',
          justification: 'vendor patch not yet approved; pumps on VLAN 40',
          acceptedUntil: '2027-03-31',
        },
        'dr.lee',
        '2026-11-02T09:00:00.000Z',
        registerProblem,
      );
      expect(changed).toEqual([
        { field: 'treatment', before: 'mitigate', after: 'accept' },
        { field: 'justification', before: null, after: 'vendor patch not yet approved; pumps on VLAN 40' },
        { field: 'acceptedUntil', before: null, after: '2027-03-31' },
      ]);
      expect(
        await store.register.update(
          id,
          { owner: 'Biomedical engineering' },
          'dr.lee',
          '2026-11-03T09:00:00.000Z',
          registerProblem,
        ),
      ).toEqual([]);
      expect(
        (await store.register.history(id)).map(({ actor, field, before, after }) => [
          actor,
          field,
          before,
          after,
        ]),
      ).toEqual([
        ['j.ortiz', 'created', null, 'Pumps reachable from guest Wi-Fi'],
        ['dr.lee', 'treatment', 'mitigate', 'accept'],
        ['dr.lee', 'justification', null, 'vendor patch not yet approved; pumps on VLAN 40'],
        ['dr.lee', 'acceptedUntil', null, '2027-03-31'],
      ]);
      const [entry] = await store.register.list();
      expect(entry).toMatchObject({
        id,
        scope: 'type',
        subject: 'infusion pump',
        treatment: 'accept',
        createdBy: 'j.ortiz',
      });
    });
  });
}

describe('registerView', () => {
  const pump = (deviceId: string, controls: RiskInput['controls']): RiskInput => ({
    deviceId,
    type: 'infusion pump',
    clinicalFunction: 'life-sustaining',
    phiEvidence: null,
    inboundPeers: 0,
    outboundPeers: 0,
    internetPeers: 0,
    untrustedInbound: [{ network: 'guest', address: '10.15.0.23' }],
    findings: [],
    operatingSystems: [],
    vulnerabilities: [],
    controls,
  });

  it("shows the worst device's risk before and after its controls, and flags overdue and expired", () => {
    const [item] = registerView(
      [
        {
          ...mitigate,
          id: 'risk-1',
          scope: 'type',
          subject: 'infusion pump',
          treatment: 'accept',
          justification: 'until the rollout',
          acceptedUntil: '2026-11-30',
          dueDate: '2026-11-15',
          createdAt: '2026-11-01T09:00:00.000Z',
          createdBy: 'j.ortiz',
          updatedAt: '2026-11-01T09:00:00.000Z',
        },
      ],
      [pump('dev-a', [{ name: 'segmented', note: 'VLAN 40' }]), pump('dev-b', [])],
      model,
      '2026-12-01',
    );
    // Guest reachability alone: 100 · 1 · 0.3 = 30; segmented: 15. The unsegmented pump is the worst.
    expect(item).toMatchObject({
      deviceIds: ['dev-a', 'dev-b'],
      inherentRisk: 30,
      residualRisk: 30,
      residualLevel: 'medium',
      isOverdue: true,
      isAcceptanceExpired: true,
    });
  });
});
