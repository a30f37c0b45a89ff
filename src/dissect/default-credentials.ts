import { readFileSync } from 'node:fs';
import { projectFile } from '../project-files.js';

interface DefaultCredential {
  id: string;
  label: string;
  username: string;
  password: string;
}

let byPair: Map<string, DefaultCredential> | undefined;

/**
 * Whether a login used a well-known factory default (`data/detect/default-credentials.json`),
 * checked where the dissector holds the password for an instant: returns the entry's id and
 * label (`admin-1: admin with a factory default of many embedded devices`) or undefined. The password itself is never
 * returned or kept. User names match exactly, as the devices compare them.
 */
export function defaultCredentialOf(username: string | undefined, password: string): string | undefined {
  if (username === undefined) return undefined;
  byPair ??= new Map(
    (
      JSON.parse(readFileSync(projectFile('data', 'detect', 'default-credentials.json'), 'utf8')) as {
        credentials: DefaultCredential[];
      }
    ).credentials.map((entry) => [`${entry.username}\u0000${entry.password}`, entry]),
  );
  const entry = byPair.get(`${username}\u0000${password}`);
  return entry === undefined ? undefined : `${entry.id}: ${entry.label}`;
}
