import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { failAt, readJsonLines } from '../json-lines.js';
import { projectFile } from '../project-files.js';
import { type CasePhase, casePhases } from './case.js';

export const defaultPlaybookFolder = projectFile('data', 'playbooks');

/** One step of a playbook: who does what, in which phase, with what to check and what to protect. */
export interface PlaybookStep {
  id: string;
  phase: Exclude<CasePhase, 'closed'>;
  /** Who does it: `security analyst`, `clinical engineer`, `charge nurse`, `privacy officer`, … */
  role: string;
  action: string;
  checklist: string[];
  /** What must hold for patients before the step is taken (a clinical safeguard), if any. */
  safeguard: string | null;
}

/** A response plan for an incident type or a device class, as data. */
export interface Playbook {
  id: string;
  title: string;
  /** The alert types it answers; a case holding one gets it. */
  alertTypes: string[];
  /** The device types it covers (`infusion pump`); a case holding such a device gets it. */
  deviceTypes: string[];
  /** Whom to call at the manufacturer, and how to find them. */
  manufacturerContact: string | null;
  steps: PlaybookStep[];
  file: string;
}

const phases = casePhases.filter((phase) => phase !== 'closed');

function stringsAt(raw: Record<string, unknown>, field: string, path: string, line: number): string[] {
  const value = raw[field] ?? [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === ''))
    failAt(path, line, `expected "${field}", an array of non-empty strings`);
  return value as string[];
}

function textAt(raw: Record<string, unknown>, field: string, path: string, line: number): string {
  const value = raw[field];
  if (typeof value !== 'string' || value.trim() === '')
    failAt(path, line, `expected "${field}", a non-empty string`);
  return value;
}

/**
 * Reads one playbook from a JSON Lines file: the first line is the playbook (`playbook`, `title`,
 * `alertTypes`, `deviceTypes`, `manufacturerContact`), each following line a step (`step`,
 * `phase`, `role`, `action`, `checklist`, `safeguard`); `#` lines and blank lines are ignored.
 * A bad line fails the file with its path, line number and what was expected.
 */
export function loadPlaybook(path: string): Playbook {
  let playbook: Playbook | undefined;
  const stepIds = new Set<string>();
  readJsonLines(path, (raw, line) => {
    if (playbook === undefined) {
      if (!('playbook' in raw))
        failAt(path, line, 'expected the playbook first: {"playbook": ID, "title": …}');
      const contact = raw.manufacturerContact ?? null;
      if (contact !== null && typeof contact !== 'string')
        failAt(path, line, 'expected "manufacturerContact", a string or null');
      playbook = {
        id: textAt(raw, 'playbook', path, line),
        title: textAt(raw, 'title', path, line),
        alertTypes: stringsAt(raw, 'alertTypes', path, line),
        deviceTypes: stringsAt(raw, 'deviceTypes', path, line),
        manufacturerContact: contact,
        steps: [],
        file: path,
      };
      if (playbook.alertTypes.length === 0 && playbook.deviceTypes.length === 0)
        failAt(path, line, 'expected "alertTypes" or "deviceTypes" to name what the playbook answers');
      return;
    }
    const id = textAt(raw, 'step', path, line);
    if (stepIds.has(id)) failAt(path, line, `step "${id}" is used twice`);
    stepIds.add(id);
    const phase = raw.phase;
    if (typeof phase !== 'string' || !(phases as readonly string[]).includes(phase))
      failAt(path, line, `expected "phase", one of ${phases.join(', ')}`);
    const safeguard = raw.safeguard ?? null;
    if (safeguard !== null && (typeof safeguard !== 'string' || safeguard.trim() === ''))
      failAt(path, line, 'expected "safeguard", a non-empty string or null');
    playbook.steps.push({
      id,
      phase: phase as PlaybookStep['phase'],
      role: textAt(raw, 'role', path, line),
      action: textAt(raw, 'action', path, line),
      checklist: stringsAt(raw, 'checklist', path, line),
      safeguard,
    });
  });
  if (playbook === undefined) failAt(path, 1, 'expected the playbook: {"playbook": ID, "title": …}');
  if (playbook.steps.length === 0) failAt(path, 1, 'expected at least one step after the playbook line');
  return playbook;
}

/** Every playbook of a folder (`*.jsonl`), by file name; ids must differ. */
export function loadPlaybooks(folder: string = defaultPlaybookFolder): Playbook[] {
  const playbooks: Playbook[] = [];
  for (const name of readdirSync(folder)
    .filter((file) => file.endsWith('.jsonl'))
    .sort()) {
    const playbook = loadPlaybook(join(folder, name));
    const twin = playbooks.find((other) => other.id === playbook.id);
    if (twin !== undefined) failAt(playbook.file, 1, `playbook id "${playbook.id}" is also ${twin.file}'s`);
    playbooks.push(playbook);
  }
  return playbooks;
}

/** The playbooks a case follows: those answering one of its alert types or covering one of its device types. */
export function playbooksFor(
  playbooks: readonly Playbook[],
  alertTypes: ReadonlySet<string>,
  deviceTypes: ReadonlySet<string>,
): Playbook[] {
  return playbooks.filter(
    (playbook) =>
      playbook.alertTypes.some((type) => alertTypes.has(type)) ||
      playbook.deviceTypes.some((type) => deviceTypes.has(type)),
  );
}
