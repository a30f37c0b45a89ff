import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { withArticle } from '../plain-words.js';
import { projectFile } from '../project-files.js';
import type { RiskVulnerability } from './risk-input.js';

export type SsvcDecision = 'Track' | 'Track*' | 'Attend' | 'Act';

/** One decision point of the tree: its value and why. */
export interface SsvcStep {
  point: 'exploitation' | 'automatable' | 'technical impact' | 'mission & well-being';
  value: string;
  because: string;
}

export interface SsvcResult {
  decision: SsvcDecision;
  /** The decision points in the tree's order, each with its evidence. */
  path: SsvcStep[];
}

const tablePath = projectFile('data', 'risk', 'ssvc-cisa.csv');
let table: Map<string, SsvcDecision> | undefined;

function decisionTable(): Map<string, SsvcDecision> {
  if (table !== undefined) return table;
  const rows = parse(readFileSync(tablePath, 'utf8'), {
    columns: true,
    comment: '#',
    skip_empty_lines: true,
  }) as Record<string, string>[];
  table = new Map(
    rows.map((row) => [
      [row.exploitation, row.automatable, row.technical_impact, row.mission_wellbeing].join('/'),
      row.decision as SsvcDecision,
    ]),
  );
  if (table.size !== 36)
    throw new Error(`${String(tablePath)}: expected 36 rows (3 × 2 × 2 × 3), read ${table.size}`);
  return table;
}

/** Mission & well-being from the device's clinical function: patients first. */
export function missionWellbeingOf(clinicalFunction: string | null): {
  value: 'low' | 'medium' | 'high';
  because: string;
} {
  switch (clinicalFunction) {
    case 'life-sustaining':
    case 'patient-connected':
    case 'therapeutic':
      return {
        value: 'high',
        because: `${withArticle(`${clinicalFunction} device`)}: its failure or tampering can harm a patient`,
      };
    case 'diagnostic':
    case 'administrative':
      return {
        value: 'medium',
        because: `${withArticle(`${clinicalFunction} device`)}: care is delayed or misled, patient data exposed`,
      };
    case null:
      return { value: 'medium', because: 'the device is not typed yet: assumed medium until known' };
    default:
      return { value: 'low', because: 'no clinical function' };
  }
}

/**
 * CISA's SSVC decision for one vulnerability on one device. The decision points are read from
 * what Vigil holds, each with its reason: exploitation `active` when in CISA KEV, `poc` when
 * EPSS puts it in the top 5 % or the CVSS vector's exploit maturity says code exists, else `none`;
 * automatable when the vector needs network access only, low complexity, no privileges and no
 * user (AV:N/AC:L/PR:N/UI:N); technical impact `total` when confidentiality and integrity are
 * both lost (C:H/I:H); mission & well-being from the device's clinical function.
 *
 * @example
 * decideSsvc(vulnerability, 'life-sustaining').decision // 'Act' for a KEV, automatable, total one
 */
export function decideSsvc(vulnerability: RiskVulnerability, clinicalFunction: string | null): SsvcResult {
  const vector = vulnerability.cvssVector ?? '';
  const metric = (name: string) => new RegExp(`(?:^|/)${name}:([A-Z])`).exec(vector)?.[1];
  const path: SsvcStep[] = [];
  const maturity = metric('E');
  if (vulnerability.kevDateAdded !== null) {
    path.push({
      point: 'exploitation',
      value: 'active',
      because: `in CISA KEV since ${vulnerability.kevDateAdded}`,
    });
  } else if (maturity === 'A' && vector.startsWith('CVSS:4')) {
    path.push({
      point: 'exploitation',
      value: 'active',
      because: 'CVSS 4.0 exploit maturity E:A (attacked)',
    });
  } else if ((vulnerability.epssPercentile ?? 0) >= 0.95) {
    path.push({
      point: 'exploitation',
      value: 'poc',
      because: `EPSS percentile ${vulnerability.epssPercentile} ≥ 0.95`,
    });
  } else if (maturity === 'P' || maturity === 'F' || maturity === 'H') {
    path.push({ point: 'exploitation', value: 'poc', because: `CVSS exploit maturity E:${maturity}` });
  } else {
    path.push({
      point: 'exploitation',
      value: 'none',
      because: 'not in KEV, EPSS below the top 5 %, no exploit maturity in the vector',
    });
  }
  const reachable = ['AV', 'AC', 'PR', 'UI'].map((name) => `${name}:${metric(name) ?? '?'}`);
  const isAutomatable =
    metric('AV') === 'N' && metric('AC') === 'L' && metric('PR') === 'N' && (metric('UI') ?? 'N') === 'N';
  path.push({
    point: 'automatable',
    value: isAutomatable ? 'yes' : 'no',
    because: vector === '' ? 'no CVSS vector: assumed not automatable' : reachable.join('/'),
  });
  const confidentiality = metric('C') ?? metric('VC');
  const integrity = metric('I') ?? metric('VI');
  const isTotal =
    (confidentiality === 'H' || confidentiality === 'C') && (integrity === 'H' || integrity === 'C');
  path.push({
    point: 'technical impact',
    value: isTotal ? 'total' : 'partial',
    because:
      vector === '' ? 'no CVSS vector: assumed partial' : `C:${confidentiality ?? '?'}/I:${integrity ?? '?'}`,
  });
  const mission = missionWellbeingOf(clinicalFunction);
  path.push({ point: 'mission & well-being', value: mission.value, because: mission.because });
  const key = path.map((step) => step.value).join('/');
  return { decision: decisionTable().get(key) as SsvcDecision, path };
}
