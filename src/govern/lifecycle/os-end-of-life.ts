import { readFileSync } from 'node:fs';
import { projectFile } from '../../project-files.js';

/** An operating-system release and the last day its maker shipped security updates for it. */
export interface OsRelease {
  name: string;
  patterns: string[];
  /** `YYYY-MM-DD`, the last day of security updates. */
  endOfSecurityUpdates: string;
}

/** Where an operating system a device runs stands on a day. */
export interface OsLifecycle {
  system: string;
  release: string;
  endOfSecurityUpdates: string;
  ended: boolean;
  source: string;
}

/**
 * Operating-system support dates, kept as data (`data/lifecycle/operating-systems.json`) so a
 * new date is a data change: the Windows releases SMB and NTLM show, by name.
 */
export class OsEndOfLife {
  private constructor(
    readonly releases: readonly OsRelease[],
    readonly source: string,
  ) {}

  static load(path = projectFile('data', 'lifecycle', 'operating-systems.json')): OsEndOfLife {
    const document = JSON.parse(readFileSync(path, 'utf8')) as { source?: unknown; releases?: unknown };
    if (typeof document.source !== 'string' || !Array.isArray(document.releases))
      throw new Error(`${path}: expected { "source", "releases": [...] }`);
    for (const [index, release] of (document.releases as Partial<OsRelease>[]).entries())
      if (
        typeof release.name !== 'string' ||
        !Array.isArray(release.patterns) ||
        !/^\d{4}-\d{2}-\d{2}$/.test(release.endOfSecurityUpdates ?? '')
      )
        throw new Error(
          `${path}: releases[${index}]: expected name, patterns and endOfSecurityUpdates (YYYY-MM-DD)`,
        );
    return new OsEndOfLife(document.releases as OsRelease[], document.source);
  }

  /** The first release whose pattern the name contains (case aside), as it stands on `today`; undefined for a system not listed. */
  lifecycleOf(system: string, today: string): OsLifecycle | undefined {
    const lower = system.toLowerCase();
    const release = this.releases.find((candidate) =>
      candidate.patterns.some((pattern) => lower.includes(pattern.toLowerCase())),
    );
    if (release === undefined) return undefined;
    return {
      system,
      release: release.name,
      endOfSecurityUpdates: release.endOfSecurityUpdates,
      ended: today > release.endOfSecurityUpdates,
      source: this.source.split(',')[0]!,
    };
  }
}
