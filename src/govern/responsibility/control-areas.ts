import type { Mds2Answer } from '../mds2/mds2-form.js';

/** Who carries a control area for a model. */
export const responsibleParties = ['manufacturer', 'hospital', 'shared'] as const;
export type ResponsibleParty = (typeof responsibleParties)[number];

/** What the MDS2 answers say of an area: who, and the answers that say so. */
export interface AreaReading {
  responsible: ResponsibleParty | null;
  /** `MDS2 CSUP-2.2: Yes; CSUP-2.1: No`, or why nothing could be read. */
  evidence: string;
}

type Answers = ReadonlyMap<string, Mds2Answer>;

const yes = (answers: Answers, id: string) => /^yes\b/i.test(answers.get(id)?.answer.trim() ?? '');
const no = (answers: Answers, id: string) => /^no\b/i.test(answers.get(id)?.answer.trim() ?? '');
const cite = (answers: Answers, ids: readonly string[]) => {
  const given = ids.filter((id) => answers.has(id)).map((id) => `${id}: ${answers.get(id)!.answer}`);
  return given.length === 0 ? `MDS2 does not answer ${ids.join(', ')}` : `MDS2 ${given.join('; ')}`;
};

/**
 * Patching of one kind of software (HN 1-2019 CSUP-n): who installs its updates. The owner
 * installing by the documentation (n.1) is the hospital's work; vendor service required (n.2) is
 * the manufacturer's; both, or third-party updates allowed without approval (n.4), shared.
 */
function patching(answers: Answers, section: string): AreaReading {
  const ids = [`${section}.1`, `${section}.2`, `${section}.4`];
  const evidence = cite(answers, ids);
  if (no(answers, section))
    return { responsible: null, evidence: `${cite(answers, [section])}: none on the device` };
  const owner = yes(answers, `${section}.1`) || yes(answers, `${section}.4`);
  const vendor = yes(answers, `${section}.2`);
  if (owner && vendor) return { responsible: 'shared', evidence };
  if (vendor) return { responsible: 'manufacturer', evidence };
  if (owner) return { responsible: 'hospital', evidence };
  return { responsible: null, evidence };
}

/**
 * The control areas a hospital and a manufacturer split between them (after the shared
 * responsibility model of IEC 80001-1 and the MDS2's sections), each with how the MDS2 answers
 * are read. Areas no answer decides are left to the hospital's assignment.
 */
export const controlAreas: readonly {
  area: string;
  label: string;
  read: (answers: Answers) => AreaReading;
}[] = [
  { area: 'os-patching', label: 'operating-system patching', read: (answers) => patching(answers, 'CSUP-2') },
  {
    area: 'application-patching',
    label: 'application patching',
    read: (answers) => {
      const other = patching(answers, 'CSUP-6');
      return other.responsible === null ? patching(answers, 'CSUP-5') : other;
    },
  },
  {
    area: 'anti-malware',
    label: 'anti-malware',
    read: (answers) => {
      const evidence = cite(answers, ['MLDP-2', 'MLDP-2.1', 'MLDP-2.3']);
      // Not supported on the device: protection is the network's, the hospital's.
      if (no(answers, 'MLDP-2')) return { responsible: 'hospital', evidence };
      const included = yes(answers, 'MLDP-2.1');
      const ownerUpdates = yes(answers, 'MLDP-2.3');
      if (included && ownerUpdates) return { responsible: 'shared', evidence };
      if (ownerUpdates) return { responsible: 'hospital', evidence };
      if (included) return { responsible: 'manufacturer', evidence };
      return { responsible: null, evidence };
    },
  },
  {
    area: 'accounts',
    label: 'accounts and passwords',
    read: (answers) => {
      const evidence = cite(answers, ['AUTH-2', 'PAUT-6']);
      if (yes(answers, 'AUTH-2') || yes(answers, 'PAUT-6')) return { responsible: 'hospital', evidence };
      // Passwords the hospital cannot change stay the manufacturer's to manage with it.
      if (no(answers, 'PAUT-6')) return { responsible: 'shared', evidence };
      return { responsible: null, evidence };
    },
  },
  {
    area: 'backup',
    label: 'backup and recovery',
    read: (answers) => {
      const evidence = cite(answers, ['DTBK-3', 'DTBK-4', 'DTBK-5']);
      if (['DTBK-3', 'DTBK-4', 'DTBK-5'].some((id) => yes(answers, id)))
        return { responsible: 'hospital', evidence };
      if (['DTBK-3', 'DTBK-4', 'DTBK-5'].every((id) => no(answers, id)))
        return { responsible: 'manufacturer', evidence };
      return { responsible: null, evidence };
    },
  },
  {
    area: 'network-configuration',
    label: 'network configuration',
    // The network is the hospital's whatever the form says; CONN lists what the device needs of it.
    read: (answers) => ({
      responsible: 'hospital',
      evidence: `the hospital's network; ${cite(answers, ['CONN-1'])}`,
    }),
  },
  {
    area: 'logging',
    label: 'security logging',
    read: (answers) => {
      const evidence = cite(answers, ['AUDT-1', 'AUDT-4']);
      if (yes(answers, 'AUDT-4')) return { responsible: 'hospital', evidence };
      if (yes(answers, 'AUDT-1')) return { responsible: 'shared', evidence };
      return { responsible: null, evidence };
    },
  },
  {
    area: 'physical-security',
    label: 'physical security',
    read: (answers) => ({
      responsible: 'hospital',
      evidence: `where the device stands; ${cite(answers, ['PLOK-2'])}`,
    }),
  },
  {
    area: 'sanitisation',
    label: 'sanitisation at disposal (NIST SP 800-88)',
    read: (answers) => {
      const evidence = cite(answers, ['SGUD-2']);
      if (yes(answers, 'SGUD-2')) return { responsible: 'hospital', evidence };
      if (no(answers, 'SGUD-2')) return { responsible: 'shared', evidence };
      return { responsible: null, evidence };
    },
  },
];

export const controlAreaNames = controlAreas.map((entry) => entry.area);
