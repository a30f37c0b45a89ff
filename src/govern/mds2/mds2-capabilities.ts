import type { Mds2Answer } from './mds2-form.js';

/**
 * What a device can do by its manufacturer's word, each from one question of HN 1-2019. `risk`
 * says which answer weighs against the device: `No` where the capability protects (multi-factor
 * authentication, encryption), `Yes` where it exposes (remote service, patient data held).
 */
export interface Mds2Capability {
  /** The device attribute it becomes: `mds2.<name>`, valued `yes` or `no`. */
  name: string;
  question: string;
  /** What it means, for the attribute and the risk factor's explanation. */
  label: string;
  risk: 'No' | 'Yes';
  /** The risk factor's weight when it applies (points on the 0-100 risk score, before the model's cap). */
  weight: number;
}

export const mds2Capabilities: readonly Mds2Capability[] = [
  {
    name: 'multi-factor-authentication',
    question: 'PAUT-8',
    label: 'multi-factor authentication',
    risk: 'No',
    weight: 4,
  },
  { name: 'encryption-at-rest', question: 'STCF-1', label: 'encryption at rest', risk: 'No', weight: 5 },
  {
    name: 'encryption-in-transit',
    question: 'TXCF-2',
    label: 'patient data encrypted in transit',
    risk: 'No',
    weight: 6,
  },
  { name: 'anti-malware', question: 'MLDP-2', label: 'anti-malware supported', risk: 'No', weight: 4 },
  { name: 'remote-service', question: 'RMOT-1', label: 'remote service connections', risk: 'Yes', weight: 3 },
  {
    name: 'sbom-available',
    question: 'SBOM-1',
    label: 'software bill of materials available',
    risk: 'No',
    weight: 2,
  },
  {
    name: 'third-party-eol-plan',
    question: 'RDMP-4',
    label: 'plan for third-party components reaching end of life',
    risk: 'No',
    weight: 2,
  },
  {
    name: 'default-accounts-documented',
    question: 'PAUT-4',
    label: 'default accounts documented',
    risk: 'No',
    weight: 2,
  },
  {
    name: 'handles-patient-data',
    question: 'MPII-1',
    label: 'displays, transmits, stores or modifies patient data',
    risk: 'Yes',
    weight: 3,
  },
  {
    name: 'automatic-logoff',
    question: 'ALOF-1',
    label: 'automatic logoff after inactivity',
    risk: 'No',
    weight: 2,
  },
  { name: 'audit-logging', question: 'AUDT-1', label: 'audit logs', risk: 'No', weight: 2 },
  {
    name: 'user-authorization',
    question: 'AUTH-1',
    label: 'access limited to authorised users',
    risk: 'No',
    weight: 4,
  },
  { name: 'node-authentication', question: 'NAUT-1', label: 'node authentication', risk: 'No', weight: 2 },
  { name: 'hardened', question: 'SAHD-1', label: 'hardened to an industry standard', risk: 'No', weight: 2 },
];

/** A capability as a form answers it: the answer and note of its question, when it is Yes or No. */
export interface DerivedCapability extends Mds2Capability {
  value: 'yes' | 'no';
  note: string | null;
  row: number;
  /** This answer weighs against the device. */
  isRisk: boolean;
  /** In words, naming the question: `no encryption at rest (MDS2 STCF-1: No)`. */
  explanation: string;
}

export function deriveCapabilities(answers: readonly Mds2Answer[]): DerivedCapability[] {
  const byId = new Map(answers.map((answer) => [answer.id, answer]));
  const derived: DerivedCapability[] = [];
  for (const capability of mds2Capabilities) {
    const answer = byId.get(capability.question);
    if (answer === undefined || (answer.answer !== 'Yes' && answer.answer !== 'No')) continue;
    const isRisk = answer.answer === capability.risk;
    derived.push({
      ...capability,
      value: answer.answer === 'Yes' ? 'yes' : 'no',
      note: answer.note,
      row: answer.row,
      isRisk,
      explanation: `${answer.answer === 'No' ? 'no ' : ''}${capability.label} (MDS2 ${capability.question}: ${answer.answer})`,
    });
  }
  return derived;
}
