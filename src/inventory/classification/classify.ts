import type { Evidence } from '../../observe/observation.js';
import { overrideSource } from '../device-record.js';
import type { ClassificationRule, ClassifiedField } from './rules.js';
import type { ClinicalFunction, TaxonomyEntry } from './taxonomy.js';

/** The device facts rules read. */
export interface ClassifiableDevice {
  attributes: readonly { name: string; value: string; source: string; evidence: Evidence }[];
  protocols: readonly string[];
}

/** One rule that fired, and the facts that made it fire. */
export interface RuleEvidence {
  rule: string;
  confidence: number;
  because:
    | { attribute: string; value: string; source: string; evidence: Evidence }[]
    | { protocol: string }[];
}

/** A proposed value: its combined confidence and every rule behind it. */
export interface ClassifiedValue {
  value: string;
  confidence: number;
  evidence: RuleEvidence[];
}

/** The winning value of a field, with the values that lost and theirs. */
export interface FieldClassification extends ClassifiedValue {
  alternatives: ClassifiedValue[];
}

export interface Classification {
  type?: FieldClassification;
  category?: FieldClassification;
  manufacturer?: FieldClassification;
  model?: FieldClassification;
  /** From the taxonomy, for the winning type. */
  clinicalFunction?: ClinicalFunction;
}

function matchCondition(device: ClassifiableDevice, condition: ClassificationRule['when'][number]) {
  if ('protocol' in condition)
    return device.protocols.includes(condition.protocol) ? { protocol: condition.protocol } : undefined;
  const attribute = device.attributes.find(
    (candidate) =>
      candidate.name === condition.attribute &&
      ('equals' in condition
        ? candidate.value === condition.equals
        : condition.matches.test(candidate.value)),
  );
  return attribute === undefined
    ? undefined
    : {
        attribute: attribute.name,
        value: attribute.value,
        source: attribute.source,
        evidence: attribute.evidence,
      };
}

/** Independent lines of evidence for one value combine as 1 - Π(1 - c): two 0.6 rules give 0.84. */
function combine(confidences: readonly number[]): number {
  return 1 - confidences.reduce((remaining, confidence) => remaining * (1 - confidence), 1);
}

function decide(candidates: Map<string, RuleEvidence[]>): FieldClassification | undefined {
  const values = [...candidates.entries()]
    .map(([value, evidence]) => ({ value, confidence: combine(evidence.map((e) => e.confidence)), evidence }))
    .sort((a, b) => b.confidence - a.confidence || a.value.localeCompare(b.value));
  const [best, ...rest] = values;
  return best === undefined ? undefined : { ...best, alternatives: rest };
}

/**
 * Classifies a device by the rules: every rule whose conditions all hold proposes its values;
 * per field the strongest combined value wins, and the others are kept as alternatives. A field
 * no rule speaks to stays unset: nothing is classified without evidence. The category follows
 * the winning type's taxonomy entry (with the type's confidence and evidence) unless a rule
 * names one. An analyst's override (an attribute `type` or `category` of source `override`)
 * wins over the rules, which stay visible as alternatives. Deterministic: the same facts give
 * the same answer.
 */
export function classifyDevice(
  device: ClassifiableDevice,
  rules: readonly ClassificationRule[],
  taxonomy: ReadonlyMap<string, TaxonomyEntry>,
): Classification {
  const candidates = new Map<ClassifiedField, Map<string, RuleEvidence[]>>();
  for (const rule of rules) {
    const because = [];
    for (const condition of rule.when) {
      const matched = matchCondition(device, condition);
      if (matched === undefined) break;
      because.push(matched);
    }
    if (because.length !== rule.when.length) continue;
    for (const [field, value] of Object.entries(rule.proposes) as [ClassifiedField, string][]) {
      const byValue = candidates.get(field) ?? new Map<string, RuleEvidence[]>();
      const evidence = byValue.get(value) ?? [];
      evidence.push({
        rule: rule.id,
        confidence: rule.confidence,
        because: because as RuleEvidence['because'],
      });
      byValue.set(value, evidence);
      candidates.set(field, byValue);
    }
  }
  const classification: Classification = {};
  for (const [field, byValue] of candidates) classification[field] = decide(byValue);
  applyOverride(device, classification, 'type');
  const type = classification.type;
  const entry = type === undefined ? undefined : taxonomy.get(type.value);
  if (entry !== undefined) {
    classification.clinicalFunction = entry.clinicalFunction;
    classification.category ??= {
      value: entry.category,
      confidence: type!.confidence,
      evidence: type!.evidence,
      alternatives: [],
    };
  }
  applyOverride(device, classification, 'category');
  return classification;
}

/** An analyst's value for the field wins outright; what the rules concluded stays visible as alternatives. */
function applyOverride(
  device: ClassifiableDevice,
  classification: Classification,
  field: 'type' | 'category',
): void {
  const override = device.attributes.find(
    (attribute) => attribute.name === field && attribute.source === overrideSource,
  );
  if (override === undefined) return;
  const computed = classification[field];
  const readings =
    computed === undefined
      ? []
      : [
          { value: computed.value, confidence: computed.confidence, evidence: computed.evidence },
          ...computed.alternatives,
        ];
  classification[field] = {
    value: override.value,
    confidence: 1,
    evidence: [
      {
        rule: overrideSource,
        confidence: 1,
        because: [
          { attribute: field, value: override.value, source: override.source, evidence: override.evidence },
        ],
      },
    ],
    alternatives: readings.filter((reading) => reading.value !== override.value),
  };
}
