import { readFileSync } from 'node:fs';
import { projectFile } from '../project-files.js';

/** A MITRE ATT&CK technique as detections cite it. */
export interface Technique {
  id: string;
  name: string;
  tactics: string[];
  url: string;
}

let table: Map<string, Technique> | undefined;

/**
 * The technique an id names, from the tables copied from MITRE (`data/attack/`: ATT&CK for ICS
 * whole, the few Enterprise techniques cited where ICS has none), or undefined.
 */
export function knownTechnique(id: string): Technique | undefined {
  table ??= new Map(
    ['ics-techniques.json', 'enterprise-techniques.json'].flatMap((file) =>
      (JSON.parse(readFileSync(projectFile('data', 'attack', file), 'utf8')) as Technique[]).map(
        (technique) => [technique.id, technique] as const,
      ),
    ),
  );
  return table.get(id);
}
