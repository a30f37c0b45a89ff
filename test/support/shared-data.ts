import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** `../shared/data` beside the checkout: real advisories, catalogues and SBOMs, never edited. */
export const sharedDataDirectory = resolve(process.cwd(), '..', 'shared', 'data');

/** A path under the shared data; fails (never skips) when the folder is not beside the checkout. */
export function sharedData(...parts: string[]): string {
  const path = join(sharedDataDirectory, ...parts);
  if (!existsSync(path))
    throw new Error(`${path} is missing: the tests read ../shared/data beside the checkout`);
  return path;
}

/** The parsed JSON documents of a shared-data folder, by file name. */
export function sharedJsonDocuments(folder: string): Map<string, Record<string, unknown>> {
  const directory = sharedData(folder);
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
