import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * `data/reference/` in this repository: real advisories, catalogues and SBOMs copied unchanged
 * from their public origins (see its SOURCES.md), so that a lone clone runs its tests.
 */
export const referenceDataDirectory = resolve(import.meta.dirname, '..', '..', 'data', 'reference');

/** A path under the reference data; fails (never skips) when it is missing. */
export function referenceData(...parts: string[]): string {
  const path = join(referenceDataDirectory, ...parts);
  if (!existsSync(path)) throw new Error(`${path} is missing: the reference data belongs to the repository`);
  return path;
}

/** The parsed JSON documents of a reference-data folder, by file name. */
export function referenceJsonDocuments(folder: string): Map<string, Record<string, unknown>> {
  const directory = referenceData(folder);
  return new Map(
    readdirSync(directory)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => [
        name,
        JSON.parse(readFileSync(join(directory, name), 'utf8')) as Record<string, unknown>,
      ]),
  );
}
