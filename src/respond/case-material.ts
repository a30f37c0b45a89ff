import type { Alert } from '../detect/alert.js';
import type { DeviceRecord } from '../inventory/device-record.js';
import type { RegisterEntry } from '../risk/register-entry.js';
import type { Store } from '../store/open-store.js';
import type { Case, CaseEvidence, CaseStepDone } from './case.js';
import type { CaseIsolation } from './isolation.js';

/** What the store holds about a case beyond the case itself, read once for a view, a check or a change. */
export interface CaseMaterial {
  alerts: Alert[];
  devices: DeviceRecord[];
  stepsDone: CaseStepDone[];
  evidence: CaseEvidence[];
  isolations: CaseIsolation[];
  /** The register entries its post-incident review raised. */
  reviewActions: RegisterEntry[];
}

export async function caseMaterial(store: Store, found: Case): Promise<CaseMaterial> {
  return {
    alerts: [...(await store.alerts.getMany(found.alerts)).values()],
    devices: await store.devices.getMany(found.devices),
    stepsDone: await store.cases.stepsDone(found.id),
    evidence: await store.cases.evidence(found.id),
    isolations: await store.cases.isolations(found.id),
    reviewActions:
      found.risks.length === 0
        ? []
        : (await store.register.list()).filter((entry) => found.risks.includes(entry.id)),
  };
}
