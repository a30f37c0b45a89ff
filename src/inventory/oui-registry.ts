import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'csv-parse/sync';

/** IEEE registries by prefix length: MA-L 24 bits, MA-M 28, MA-S and IAB 36. */
export type OuiRegistryName = 'MA-L' | 'MA-M' | 'MA-S' | 'IAB';

export interface OuiAssignment {
  organization: string;
  registry: OuiRegistryName;
  /** The file or package the assignment came from, shown as evidence. */
  source: string;
}

/** Where Debian's `ieee-data` package keeps the IEEE registry files. */
export const ieeeDataDirectory = '/usr/share/ieee-data';
const ieeeDataFiles = ['oui.csv', 'mam.csv', 'oui36.csv', 'iab.csv'];
const prefixHexLengths = [9, 7, 6];
const registryByPrefixLength: Record<number, OuiRegistryName> = { 6: 'MA-L', 7: 'MA-M', 9: 'MA-S' };

/**
 * MAC-prefix → organisation, from the IEEE Registration Authority's registries. Loads, in order,
 * each later source overriding an earlier one for the same prefix: Debian's `ieee-data` files
 * (MA-L, MA-M, MA-S, IAB) when installed; the `oui-data` package (MA-L, MA-M and MA-S, bundled
 * so a fresh install works, and usually the more recent of the two); then any CSV files the user names (same
 * columns as the IEEE's `oui.csv`: Registry, Assignment, Organization Name, Organization Address).
 * Lookups take the longest matching prefix, so an MA-S block inside an MA-L names its real owner.
 *
 * @example
 * const registry = OuiRegistry.load({ extraCsvPaths: ['/data/oui.csv'] });
 * registry.lookup('00:1a:01:23:45:67')?.organization; // 'ICU Medical, Inc.' (or its current name)
 */
export class OuiRegistry {
  readonly #byPrefix = new Map<string, OuiAssignment>();

  static load(options: { extraCsvPaths?: readonly string[]; ieeeDataDirectory?: string } = {}): OuiRegistry {
    const registry = new OuiRegistry();
    const directory = options.ieeeDataDirectory ?? ieeeDataDirectory;
    for (const file of ieeeDataFiles) {
      const path = `${directory}/${file}`;
      if (existsSync(path)) registry.addCsv(path);
    }
    registry.addBundled();
    for (const path of options.extraCsvPaths ?? []) registry.addCsv(path);
    return registry;
  }

  get size(): number {
    return this.#byPrefix.size;
  }

  /** The assignment for a MAC (any common notation), or undefined when no registry has its prefix. */
  lookup(mac: string): OuiAssignment | undefined {
    const hex = mac.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
    for (const length of prefixHexLengths) {
      const assignment = this.#byPrefix.get(hex.slice(0, length));
      if (assignment !== undefined) return assignment;
    }
    return undefined;
  }

  /** Adds an IEEE-format CSV; throws with the file name and line when a row is malformed. */
  addCsv(path: string): void {
    let rows: string[][];
    try {
      rows = parse(readFileSync(path), { relax_column_count: true, skip_empty_lines: true, bom: true });
    } catch (error) {
      throw new Error(`${path}: cannot read as an IEEE registry CSV: ${(error as Error).message}`);
    }
    rows.forEach((row, index) => {
      if (index === 0 && row[0] === 'Registry') return;
      const [registryName, assignment, organization] = row;
      if (!isRegistryName(registryName) || !assignment || !/^[0-9A-Fa-f]{6,9}$/.test(assignment)) {
        throw new Error(
          `${path}: line ${index + 1}: expected Registry (MA-L, MA-M, MA-S, IAB) and a hex Assignment`,
        );
      }
      this.#byPrefix.set(assignment.toUpperCase(), {
        organization: tidyOrganization(organization ?? ''),
        registry: registryName,
        source: path,
      });
    });
  }

  addBundled(): void {
    const require = createRequire(import.meta.url);
    const table = require('oui-data') as Record<string, string>;
    for (const [prefix, text] of Object.entries(table)) {
      const organization = tidyOrganization(text.split('\n', 1)[0]!);
      const registry = registryByPrefixLength[prefix.length];
      if (registry !== undefined)
        this.#byPrefix.set(prefix.toUpperCase(), { organization, registry, source: 'npm:oui-data' });
    }
  }
}

/**
 * An organisation's name as people should read it. The registry cuts long names at a fixed
 * width, mid-word and inside parentheses (`Philips Medical Systems - Cardiac and Monitoring
 * Systems (CM`): an unclosed parenthesis at the end is dropped with what follows it.
 */
export function tidyOrganization(name: string): string {
  return name
    .trim()
    .replace(/\s*\([^)]*$/, '')
    .replace(/[\s,–-]+$/, '');
}

function isRegistryName(value: string | undefined): value is OuiRegistryName {
  return value === 'MA-L' || value === 'MA-M' || value === 'MA-S' || value === 'IAB';
}
