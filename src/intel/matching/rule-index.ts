import type { ApplicabilityRule } from '../advisory.js';
import type { VendorNames } from './names.js';
import { productWords } from './product-match.js';

/** A rule as the index keeps it, with the vulnerability it belongs to. */
export interface IndexedRule {
  vulnerabilityId: string;
  origin: string;
  rule: ApplicabilityRule;
}

/** The rules of one vendor's product (same words), matched against a model once for all of them. */
export interface ProductGroup {
  vendorKey: string;
  words: string[];
  rules: IndexedRule[];
}

/**
 * Advisory rules grouped by vendor key and product words, so that a device is compared with
 * each of its vendor's products once, not with every rule; and by product words alone, for
 * SBOM components whose vendor no feed names the same way.
 *
 * @example
 * const index = new RuleIndex(VendorNames.load());
 * for (const rule of rules) index.add(rule);
 * index.productsOf('bd') // every BD product any advisory names
 */
export class RuleIndex {
  readonly #vendors: VendorNames;
  readonly #byVendor = new Map<string, Map<string, ProductGroup>>();
  readonly #byProductWords = new Map<string, ProductGroup[]>();
  #ruleCount = 0;

  constructor(vendors: VendorNames) {
    this.#vendors = vendors;
  }

  get ruleCount(): number {
    return this.#ruleCount;
  }

  get vendorNames(): VendorNames {
    return this.#vendors;
  }

  add(entry: IndexedRule): void {
    const vendorKey = this.#vendors.keyOf(entry.rule.vendor);
    const words = productWords(entry.rule.product, vendorKey);
    if (words.length === 0) return;
    const wordsKey = [...words].sort().join(' ');
    let products = this.#byVendor.get(vendorKey);
    if (products === undefined) {
      products = new Map();
      this.#byVendor.set(vendorKey, products);
    }
    let group = products.get(wordsKey);
    if (group === undefined) {
      group = { vendorKey, words, rules: [] };
      products.set(wordsKey, group);
      const sameWords = this.#byProductWords.get(wordsKey);
      if (sameWords === undefined) this.#byProductWords.set(wordsKey, [group]);
      else sameWords.push(group);
    }
    group.rules.push(entry);
    this.#ruleCount += 1;
  }

  /** Every product group of a vendor key. */
  productsOf(vendorKey: string): Iterable<ProductGroup> {
    return this.#byVendor.get(vendorKey)?.values() ?? [];
  }

  /** Product groups of any vendor whose words are exactly these, in any order. */
  productsNamed(words: readonly string[]): readonly ProductGroup[] {
    return this.#byProductWords.get([...words].sort().join(' ')) ?? [];
  }
}
