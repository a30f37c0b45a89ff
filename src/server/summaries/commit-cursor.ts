/** A row a commit wrote: its id and the time the commit stamped on it (ISO). */
export interface CommittedRow {
  id: string;
  at: string;
}

/**
 * Where a reader of commits stands, so that each change is taken once. A writer stamps its rows
 * before its transaction commits, so a look at "everything since the last one" would miss a row
 * stamped earlier and committed later: each look reaches `lookBackMs` behind the newest stamp
 * seen, and the rows already taken in that stretch (same id, same stamp) are left out.
 *
 * @example
 * const cursor = new CommitCursor(start, 2_000);
 * const ids = cursor.take(await store.devices.committedSince(cursor.since, 10_000));
 */
export class CommitCursor {
  #newest: string;
  /** Rows taken within the look-back, by id: the stamp they were taken with. */
  readonly #taken = new Map<string, string>();

  constructor(
    start: string,
    private readonly lookBackMs: number,
  ) {
    this.#newest = start;
  }

  /** The newest stamp taken (or the start): where the next reader resumes, less the look-back. */
  get position(): string {
    return this.#newest;
  }

  /** Rows taken within the look-back: a look from `since` reads them again, beside the new ones. */
  get takenWithinLookBack(): number {
    return this.#taken.size;
  }

  /** From where the next look reads. */
  get since(): string {
    const newestMs = Date.parse(this.#newest);
    return Number.isNaN(newestMs) ? '' : new Date(newestMs - this.lookBackMs).toISOString();
  }

  /** The ids among `rows` (read from `since`) not taken before with the same stamp; moves on. */
  take(rows: readonly CommittedRow[]): string[] {
    const fresh: string[] = [];
    for (const row of rows) {
      if (this.#taken.get(row.id) === row.at) continue;
      this.#taken.set(row.id, row.at);
      fresh.push(row.id);
      if (row.at > this.#newest) this.#newest = row.at;
    }
    const since = this.since;
    for (const [id, at] of this.#taken) if (at < since) this.#taken.delete(id);
    return fresh;
  }
}
