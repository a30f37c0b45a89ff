import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectors, reviewDetectors } from '../src/detect/registry.js';
import { loadTaxonomy } from '../src/inventory/classification/taxonomy.js';
import { loadPlaybook, loadPlaybooks, playbooksFor } from '../src/respond/playbook.js';
import { temporaryDirectory } from './support/temporary-store.js';

describe('incident playbooks', () => {
  it('load from data/playbooks, each naming alert types Vigil raises and device types its taxonomy knows', () => {
    const playbooks = loadPlaybooks();
    expect(playbooks.map((playbook) => playbook.id).sort()).toEqual([
      'data-exfiltration',
      'infusion-pump',
      'intrusion',
      'patient-monitor',
    ]);
    const alertTypes = new Set([...detectors, ...reviewDetectors].map((detector) => detector.type));
    const deviceTypes = new Set(loadTaxonomy().keys());
    for (const playbook of playbooks) {
      for (const type of playbook.alertTypes)
        expect(alertTypes.has(type), `${playbook.id}: ${type}`).toBe(true);
      for (const type of playbook.deviceTypes)
        expect(deviceTypes.has(type), `${playbook.id}: ${type}`).toBe(true);
      // Every playbook ends with the lessons learned.
      expect(playbook.steps.at(-1)?.phase).toBe('post-incident-activity');
    }
    // Before a pump is cut from the network, the ward is asked and the pump goes to manual programming.
    const pump = playbooks.find((playbook) => playbook.id === 'infusion-pump')!;
    const isolate = pump.steps.findIndex((step) => step.id === 'isolate');
    expect(
      pump.steps
        .slice(0, isolate)
        .some((step) => /charge nurse.*manual programming/.test(step.safeguard ?? '')),
    ).toBe(true);
    expect(
      playbooksFor(playbooks, new Set(['host-sweep']), new Set(['patient monitor'])).map(
        (playbook) => playbook.id,
      ),
    ).toEqual(['intrusion', 'patient-monitor']);
  });

  it('refuse a bad file, naming the file, the line and what was expected', () => {
    const directory = temporaryDirectory('vigil-playbooks-');
    const header = '{"playbook": "p", "title": "T", "alertTypes": ["port-scan"], "deviceTypes": []}';
    const step = (fields: string) =>
      `{"step": "s1", "phase": "containment", "role": "r", "action": "a", "checklist": []${fields}}`;
    const cases: [string, string, RegExp][] = [
      ['no header', step(''), /bad\.jsonl:1: expected the playbook first/],
      ['bad JSON', `# comment\n${header}\n{"step": "s1",`, /bad\.jsonl:3: expected a JSON object/],
      [
        'bad phase',
        `${header}\n${step('').replace('containment', 'cleanup')}`,
        /bad\.jsonl:2: expected "phase", one of detection-and-analysis/,
      ],
      ['twice', `${header}\n${step('')}\n${step('')}`, /bad\.jsonl:3: step "s1" is used twice/],
      ['no steps', header, /bad\.jsonl:1: expected at least one step/],
      [
        'bad checklist',
        `${header}\n${step('').replace('"checklist": []', '"checklist": "x"')}`,
        /bad\.jsonl:2: expected "checklist", an array/,
      ],
      [
        'nothing answered',
        '{"playbook": "p", "title": "T"}',
        /bad\.jsonl:1: expected "alertTypes" or "deviceTypes"/,
      ],
    ];
    for (const [what, text, message] of cases) {
      const path = join(directory, 'bad.jsonl');
      writeFileSync(path, text);
      expect(() => loadPlaybook(path), what).toThrow(message);
    }
  });
});
