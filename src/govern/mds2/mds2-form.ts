/**
 * A manufacturer's disclosure statement for medical device security (MDS2, ANSI/NEMA HN 1-2019)
 * as Vigil keeps it: the questions answered, by section, attached to a manufacturer's model.
 * Import-free: the CLI, the API and the console share these shapes.
 */

/** The form's 23 sections, by the prefix of their question ids, in the form's order. */
export const mds2Sections = {
  DOC: 'Documentation',
  MPII: 'Management of personally identifiable information',
  ALOF: 'Automatic logoff',
  AUDT: 'Audit controls',
  AUTH: 'Authorization',
  CSUP: 'Cyber security product upgrades',
  DIDT: 'Health data de-identification',
  DTBK: 'Data backup and disaster recovery',
  EMRG: 'Emergency access',
  IGAU: 'Health data integrity and authenticity',
  MLDP: 'Malware detection and protection',
  NAUT: 'Node authentication',
  CONN: 'Connectivity capabilities',
  PAUT: 'Person authentication',
  PLOK: 'Physical locks',
  RDMP: 'Roadmap for third-party components in the device life cycle',
  SBOM: 'Software bill of materials',
  SAHD: 'System and application hardening',
  SGUD: 'Security guidance',
  STCF: 'Health data storage confidentiality',
  TXCF: 'Transmission confidentiality',
  TXIG: 'Transmission integrity',
  RMOT: 'Remote service',
} as const;

export type Mds2Section = keyof typeof mds2Sections;

/** One answered question. `answer` is `Yes`, `No`, `N/A` or `See note` where the form asks that, else the text given. */
export interface Mds2Answer {
  /** `PAUT-8`, `STCF-1`, `DOC-1`, … */
  id: string;
  section: Mds2Section;
  question: string;
  answer: string;
  note: string | null;
  /** Where it was read: the sheet's or file's row (1-based). */
  row: number;
}

export interface Mds2Form {
  manufacturer: string;
  model: string;
  /** The software or hardware versions it covers; empty for every version. */
  versions: string[];
  /** The file it was read from, its format, and the sheet for a workbook. */
  file: string;
  format: 'xlsx' | 'csv' | 'json';
  sheet: string | null;
  importedAt: string;
  importedBy: string;
  answers: Mds2Answer[];
  /** What was read but not understood, with where: kept, not fatal (real forms vary). */
  warnings: string[];
}

/** A question id of the form: a section's prefix, a dash, numbers (`SBOM-2.1`). */
export const questionIdPattern = /^([A-Z]{3,4})-(\d+(?:\.\d+)*)$/;

/** The answer a form's Yes/No cell means, normalised; null when it is none of them. */
export function normaliseAnswer(text: string): 'Yes' | 'No' | 'N/A' | 'See note' | null {
  const plain = text.trim().toLowerCase();
  if (/^yes\b|^y$/.test(plain)) return 'Yes';
  if (/^no\b|^n$/.test(plain)) return 'No';
  if (/^n\s*\/\s*a\b|^not applicable\b|^na$/.test(plain)) return 'N/A';
  if (/^see\s+note/.test(plain)) return 'See note';
  return null;
}
