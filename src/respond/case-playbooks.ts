import type { Store } from '../store/open-store.js';
import type { Case, CaseStepDone } from './case.js';
import { type Playbook, type PlaybookStep, playbooksFor } from './playbook.js';

/** A playbook as a case follows it: each step with who did it and when, or null while it is open. */
export interface CasePlaybook {
  id: string;
  title: string;
  manufacturerContact: string | null;
  steps: (PlaybookStep & { done: Omit<CaseStepDone, 'playbook' | 'step'> | null })[];
}

/** The playbooks answering the case's alert types or covering its devices' types, with the steps done. */
export async function casePlaybooks(
  store: Store,
  found: Case,
  playbooks: readonly Playbook[],
): Promise<CasePlaybook[]> {
  const alertTypes = new Set(
    [...(await store.alerts.getMany(found.alerts)).values()].map((alert) => alert.type),
  );
  const deviceTypes = new Set(
    (await store.devices.getMany(found.devices))
      .map((device) => device.type)
      .filter((type): type is string => type !== null),
  );
  const done = await store.cases.stepsDone(found.id);
  return playbooksFor(playbooks, alertTypes, deviceTypes).map((playbook) => ({
    id: playbook.id,
    title: playbook.title,
    manufacturerContact: playbook.manufacturerContact,
    steps: playbook.steps.map((step) => {
      const record = done.find((entry) => entry.playbook === playbook.id && entry.step === step.id);
      return {
        ...step,
        done: record === undefined ? null : { at: record.at, by: record.by, note: record.note },
      };
    }),
  }));
}
