import { readFileSync } from 'node:fs';
import { projectFile } from '../../project-files.js';

const companySuffixes = new Set([
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'ltd',
  'limited',
  'llc',
  'gmbh',
  'ag',
  'kgaa',
  'sa',
  'nv',
  'bv',
  'plc',
  'oy',
  'se',
  'spa',
  'kk',
  'ab',
  'as',
  'the',
]);

/**
 * A name with case, accents, punctuation and trailing company forms set aside:
 * `Drägerwerk AG & Co. KGaA` → `draegerwerk`, `B. Braun Melsungen AG` → `b braun melsungen`.
 */
export function normaliseName(name: string): string {
  const words = name
    .replace(/[äÄ]/g, 'ae')
    .replace(/[öÖ]/g, 'oe')
    .replace(/[üÜ]/g, 'ue')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((word) => word !== '');
  while (words.length > 1 && companySuffixes.has(words[words.length - 1] as string)) words.pop();
  while (words.length > 1 && (words[words.length - 1] === 'and' || words[words.length - 1] === 'co'))
    words.pop();
  return words.join(' ');
}

/**
 * Folds the names a manufacturer goes by to one key, from `data/intel/vendor-aliases.json`.
 *
 * @example
 * const vendors = VendorNames.load();
 * vendors.keyOf('GE Medical Systems') === vendors.keyOf('General Electric (GE)') // true: 'ge healthcare'
 */
export class VendorNames {
  readonly #keyByAlias = new Map<string, string>();
  /** Aliases longest first, for the first-words rule. */
  readonly #aliasesByLength: string[];
  readonly #cache = new Map<string, string>();

  constructor(vendors: Record<string, readonly string[]>) {
    for (const [key, aliases] of Object.entries(vendors)) {
      for (const alias of [key, ...aliases]) this.#keyByAlias.set(normaliseName(alias), key);
    }
    this.#aliasesByLength = [...this.#keyByAlias.keys()].sort((a, b) => b.length - a.length);
  }

  static load(path = projectFile('data', 'intel', 'vendor-aliases.json')): VendorNames {
    const text = readFileSync(path, 'utf8');
    const parsed = JSON.parse(text) as { vendors?: Record<string, string[]> };
    if (typeof parsed.vendors !== 'object' || parsed.vendors === null) {
      throw new Error(`${String(path)}: expected an object "vendors" of canonical name → aliases`);
    }
    return new VendorNames(parsed.vendors);
  }

  /**
   * The canonical key of a vendor name: its alias's key; else the key of the longest alias that
   * is its first words (`Philips Medical Systems Nederland B.V.` → `philips`); else the name
   * normalised. A name in parentheses is tried on its own too (`… (BD)`).
   */
  keyOf(name: string): string {
    const cached = this.#cache.get(name);
    if (cached !== undefined) return cached;
    const key = this.#lookup(name);
    if (this.#cache.size < 100_000) this.#cache.set(name, key);
    return key;
  }

  #lookup(name: string): string {
    const normalised = normaliseName(name);
    const direct = this.#keyByAlias.get(normalised);
    if (direct !== undefined) return direct;
    const bracketed = /\(([^)]+)\)/.exec(name)?.[1];
    if (bracketed !== undefined) {
      const inner = this.#keyByAlias.get(normaliseName(bracketed));
      if (inner !== undefined) return inner;
    }
    for (const alias of this.#aliasesByLength) {
      if (normalised.startsWith(`${alias} `)) return this.#keyByAlias.get(alias) as string;
    }
    return normalised;
  }
}
