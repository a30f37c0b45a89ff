import { failAt, readJsonLines } from '../../json-lines.js';
import { projectFile } from '../../project-files.js';

/** Attributes a rule proposes values for. */
export const classifiedFields = ['type', 'category', 'manufacturer', 'model'] as const;
export type ClassifiedField = (typeof classifiedFields)[number];

/** One condition on a device: an attribute equal to or matching a text, or a protocol it speaks. */
export type Condition =
  | { attribute: string; equals: string }
  | { attribute: string; matches: RegExp }
  | { protocol: string };

export interface ClassificationRule {
  id: string;
  when: Condition[];
  /** The values the rule proposes: the file's "then". */
  proposes: Partial<Record<ClassifiedField, string>>;
  confidence: number;
}

/** Where the rules Vigil ships live: `data/classification/` at the package root. */
export const defaultRulesPath = projectFile('data', 'classification', 'rules.jsonl');

function readCondition(raw: unknown, path: string, line: number): Condition {
  if (typeof raw !== 'object' || raw === null) failAt(path, line, 'expected each condition to be an object');
  const condition = raw as Record<string, unknown>;
  if (typeof condition.protocol === 'string') return { protocol: condition.protocol };
  if (typeof condition.attribute !== 'string')
    failAt(path, line, 'expected "attribute" (a name) or "protocol" in each condition');
  if (typeof condition.equals === 'string')
    return { attribute: condition.attribute, equals: condition.equals };
  if (typeof condition.matches !== 'string')
    failAt(path, line, `expected "equals" or "matches" with attribute "${condition.attribute}"`);
  try {
    return { attribute: condition.attribute, matches: new RegExp(condition.matches, 'i') };
  } catch (error) {
    failAt(path, line, `"matches" is not a regular expression: ${(error as Error).message}`);
  }
}

/**
 * Reads rules from a JSON Lines file: one rule per line, `#` lines and blank lines ignored. A
 * bad line fails the whole file with its path, line number and what was expected, so a rule
 * set is never half loaded.
 */
export function loadRules(path: string = defaultRulesPath): ClassificationRule[] {
  const rules: ClassificationRule[] = [];
  const ids = new Set<string>();
  readJsonLines(path, (raw, line) => {
    if (typeof raw.id !== 'string' || raw.id === '') failAt(path, line, 'expected "id", a non-empty string');
    if (ids.has(raw.id)) failAt(path, line, `rule id "${raw.id}" is used twice`);
    ids.add(raw.id);
    if (!Array.isArray(raw.when) || raw.when.length === 0)
      failAt(path, line, 'expected "when", a non-empty array of conditions');
    const confidence = raw.confidence;
    if (typeof confidence !== 'number' || !(confidence > 0 && confidence <= 1))
      failAt(path, line, 'expected "confidence", a number in (0, 1]');
    const then = raw.then as Record<string, unknown> | undefined;
    if (typeof then !== 'object' || then === null || Object.keys(then).length === 0)
      failAt(path, line, 'expected "then", an object of values');
    for (const [field, value] of Object.entries(then)) {
      if (!(classifiedFields as readonly string[]).includes(field))
        failAt(path, line, `"then" may set ${classifiedFields.join(', ')}, not "${field}"`);
      if (typeof value !== 'string' || value === '')
        failAt(path, line, `expected "then.${field}" to be a non-empty string`);
    }
    rules.push({
      id: raw.id,
      when: raw.when.map((condition) => readCondition(condition, path, line)),
      proposes: then as ClassificationRule['proposes'],
      confidence,
    });
  });
  return rules;
}
