import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { temporaryDirectory } from '../../../test/support/temporary-store.js';
import { type ClassifiableDevice, classifyDevice } from './classify.js';
import { loadRules } from './rules.js';
import { loadTaxonomy } from './taxonomy.js';

const evidence = { capture: 'c.pcap', packetNumber: 1, fileOffset: 24 };
const taxonomy = loadTaxonomy();
const rules = loadRules();

function device(attributes: Record<string, string[]>, protocols: string[] = []): ClassifiableDevice {
  return {
    attributes: Object.entries(attributes).flatMap(([name, values]) =>
      values.map((value) => ({ name, value, source: 'test', evidence })),
    ),
    protocols,
  };
}

describe('classifyDevice', () => {
  it('types by the strongest combined evidence and keeps the losing reading visible', () => {
    // A BD MAC alone reads as a pump; the same MAC on a host that mounts file shares is a cabinet.
    const pump = classifyDevice(device({ vendor: ['Becton, Dickinson and Company'] }), rules, taxonomy);
    expect([pump.type?.value, pump.category?.value, pump.clinicalFunction]).toEqual([
      'infusion pump',
      'medical',
      'life-sustaining',
    ]);
    const cabinet = classifyDevice(
      device({ vendor: ['Becton, Dickinson and Company'] }, ['smb']),
      rules,
      taxonomy,
    );
    expect(cabinet.type?.value).toBe('medication cabinet');
    expect(cabinet.type?.alternatives.map((a) => [a.value, a.confidence])).toEqual([['infusion pump', 0.4]]);
    expect(cabinet.type?.evidence.map((e) => e.rule)).toEqual(['oui-bd-windows-cabinet']);
    expect(cabinet.type?.evidence[0]?.because).toEqual([
      { attribute: 'vendor', value: 'Becton, Dickinson and Company', source: 'test', evidence },
      { protocol: 'smb' },
    ]);
  });

  it("lets an analyst's override win, keeping what the rules concluded as an alternative", () => {
    const facts = device({ vendor: ['Baxter International Inc'] });
    const overridden = classifyDevice(
      {
        ...facts,
        attributes: [
          ...facts.attributes,
          { name: 'type', value: 'ventilator', source: 'override', evidence },
        ],
      },
      rules,
      taxonomy,
    );
    expect([overridden.type?.value, overridden.type?.confidence, overridden.type?.evidence[0]?.rule]).toEqual(
      ['ventilator', 1, 'override'],
    );
    expect(overridden.type?.alternatives.map((a) => a.value)).toEqual(['infusion pump']);
    expect([overridden.category?.value, overridden.clinicalFunction]).toEqual(['medical', 'life-sustaining']);
  });

  it('combines agreeing rules: a CT role and a CT host name give more than either', () => {
    const ct = classifyDevice(
      device({ 'clinical.role': ['CT modality'], hostname: ['ct-rad-01'] }),
      rules,
      taxonomy,
    );
    expect(ct.type?.value).toBe('CT scanner');
    expect(ct.type?.confidence).toBeCloseTo(1 - 0.1 * 0.3, 10);
  });

  it('classifies nothing without evidence, and adding a rule that fires never lowers the winner', () => {
    expect(classifyDevice(device({ hostname: ['x17'] }), rules, taxonomy)).toEqual({});
    const names = ['vendor', 'hostname', 'clinical.role', 'role'];
    const values = [
      'Baxter International Inc',
      'pump-3',
      'CT modality',
      'dhcp-server',
      'mon-1',
      'Axis Communications AB',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...names), fc.constantFrom(...values)), { maxLength: 6 }),
        (pairs) => {
          const facts: Record<string, string[]> = {};
          for (const [name, value] of pairs) facts[name] = [...(facts[name] ?? []), value];
          const result = classifyDevice(device(facts), rules, taxonomy);
          if (result.type === undefined) return;
          expect(result.type.evidence.length).toBeGreaterThan(0);
          for (const alternative of result.type.alternatives)
            expect(alternative.confidence).toBeLessThanOrEqual(result.type.confidence);
        },
      ),
    );
  });
});

describe('loadRules', () => {
  it('names the file, the line and what was expected, and loads nothing from a bad file', () => {
    const directory = temporaryDirectory('vigil-rules-');
    const path = join(directory, 'rules.jsonl');
    const good =
      '{"id": "a", "when": [{"attribute": "vendor", "matches": "^x"}], "then": {"type": "printer"}, "confidence": 0.5}';
    const cases: [string, string][] = [
      [
        '{"id": "b", "when": [], "then": {"type": "printer"}, "confidence": 0.5}',
        `${path}:3: expected "when", a non-empty array of conditions`,
      ],
      [
        '{"id": "a", "when": [{"protocol": "smb"}], "then": {"type": "printer"}, "confidence": 0.5}',
        `${path}:3: rule id "a" is used twice`,
      ],
      [
        '{"id": "c", "when": [{"attribute": "vendor", "matches": "("}], "then": {"type": "printer"}, "confidence": 0.5}',
        `${path}:3: "matches" is not a regular expression`,
      ],
      [
        '{"id": "d", "when": [{"protocol": "smb"}], "then": {"colour": "red"}, "confidence": 0.5}',
        `${path}:3: "then" may set type, category, manufacturer, model, not "colour"`,
      ],
      [
        '{"id": "e", "when": [{"protocol": "smb"}], "then": {"type": "printer"}, "confidence": 2}',
        `${path}:3: expected "confidence", a number in (0, 1]`,
      ],
      ['not json', `${path}:3: expected a JSON object`],
    ];
    for (const [bad, message] of cases) {
      writeFileSync(path, `# comment\n${good}\n${bad}\n`);
      expect(() => loadRules(path)).toThrow(message);
    }
    writeFileSync(path, `# comment\n\n${good}\n`);
    expect(loadRules(path).map((rule) => rule.id)).toEqual(['a']);
  });

  it('ships rules whose every type is in the taxonomy', () => {
    for (const rule of rules)
      if (rule.proposes.type !== undefined) expect(taxonomy.has(rule.proposes.type), rule.id).toBe(true);
  });
});
