import { type ClassificationRule, loadRules } from './rules.js';
import { loadTaxonomy, type TaxonomyEntry } from './taxonomy.js';

let loaded: { rules: ClassificationRule[]; taxonomy: Map<string, TaxonomyEntry> } | undefined;

/** The rules and taxonomy shipped in `data/classification/`, read once per process. */
export function defaultClassifier(): { rules: ClassificationRule[]; taxonomy: Map<string, TaxonomyEntry> } {
  loaded ??= { rules: loadRules(), taxonomy: loadTaxonomy() };
  return loaded;
}
