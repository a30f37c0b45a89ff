import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding Vigil's package.json, found by walking up from this module: the data Vigil
 * ships (`data/`) and the built console (`web/dist`) are found from it, whether the code runs
 * from `src/` under tsx, compiled in `dist/`, or bundled into `dist/cli/bundle/`.
 */
function findProjectRoot(start: string): string {
  for (let folder = start; ; folder = dirname(folder)) {
    const manifest = join(folder, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'vigil'
    )
      return folder;
    if (dirname(folder) === folder) throw new Error(`no Vigil package.json above ${start}`);
  }
}

export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the Vigil package, e.g. `projectFile('data', 'risk', 'model.json')`. */
export function projectFile(...parts: string[]): string {
  return join(projectRoot, ...parts);
}
