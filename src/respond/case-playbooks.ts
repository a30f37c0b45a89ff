import type { CaseStepDone } from './case.js';
import type { CaseMaterial } from './case-material.js';
import { type Playbook, type PlaybookStep, playbooksFor } from './playbook.js';

/** A playbook as a case follows it: each step with who did it and when, or null while it is open. */
export interface CasePlaybook {
  id: string;
  title: string;
  manufacturerContact: string | null;
  steps: (PlaybookStep & { done: Omit<CaseStepDone, 'playbook' | 'step'> | null })[];
}

/** The playbooks answering the case's alert types or covering its devices' types, with the steps done. */
export function casePlaybooks(material: CaseMaterial, playbooks: readonly Playbook[]): CasePlaybook[] {
  const alertTypes = new Set(material.alerts.map((alert) => alert.type));
  const deviceTypes = new Set(
    material.devices.map((device) => device.type).filter((type): type is string => type !== null),
  );
  const done = material.stepsDone;
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
