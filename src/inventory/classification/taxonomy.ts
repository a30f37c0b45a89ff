import { readFileSync } from 'node:fs';
import { projectFile } from '../../project-files.js';

/** What a device of a type does for patients: the risk work weighs impact by it. */
export type ClinicalFunction =
  | 'life-sustaining'
  | 'patient-connected'
  | 'diagnostic'
  | 'therapeutic'
  | 'administrative'
  | 'none';

export interface TaxonomyEntry {
  type: string;
  category: 'medical' | 'IT' | 'IoT' | 'OT';
  clinicalFunction: ClinicalFunction;
}

export const defaultTaxonomyPath = projectFile('data', 'classification', 'taxonomy.json');

const categories = new Set(['medical', 'IT', 'IoT', 'OT']);
const functions = new Set([
  'life-sustaining',
  'patient-connected',
  'diagnostic',
  'therapeutic',
  'administrative',
  'none',
]);

/** The device types Vigil knows, by name, read from `data/classification/taxonomy.json`. */
export function loadTaxonomy(path: string = defaultTaxonomyPath): Map<string, TaxonomyEntry> {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { types?: unknown };
  if (!Array.isArray(raw.types)) throw new Error(`${path}: expected "types", an array`);
  const entries = new Map<string, TaxonomyEntry>();
  raw.types.forEach((entry: Partial<TaxonomyEntry>, index) => {
    if (
      typeof entry.type !== 'string' ||
      !categories.has(entry.category ?? '') ||
      !functions.has(entry.clinicalFunction ?? '')
    )
      throw new Error(
        `${path}: types[${index}]: expected type, category (${[...categories].join(', ')}) and clinicalFunction (${[...functions].join(', ')})`,
      );
    entries.set(entry.type, entry as TaxonomyEntry);
  });
  return entries;
}
