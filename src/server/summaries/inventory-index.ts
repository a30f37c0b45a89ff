import {
  type DeviceSummary,
  type SummaryQuery,
  type SummarySort,
  searchTextOf,
  summarySortColumns,
  type Tally,
} from '../../store/device-summary-repository.js';

type TallyColumn = 'type' | 'category' | 'zone' | 'riskLevel' | 'vendor';

/**
 * The inventory table in memory, answering pages the way `DeviceSummaryRepository.page` does
 * (same filters, missing values last, ties by device id in the sort's direction) in a few
 * milliseconds at 100,000 devices, on either backend. A database would need an index for every
 * filter and sort combination the table offers, and SQLite's synchronous reads would hold every
 * other request while they run. Loaded from the store's `device_summaries`, which stays the truth.
 *
 * @example
 * const index = new InventoryIndex(await store.summaries.all());
 * const { rows, total } = index.page({ offset: 0, limit: 50, sort: 'riskScore', descending: true, zone: 'ICU' });
 */
export class InventoryIndex {
  readonly #rows: DeviceSummary[];
  readonly #searchText: string[];
  readonly #positionOf = new Map<string, number>();
  /** Per sort key, the rows holding a value in ascending order, then those without one by id: built on first use. */
  readonly #orders = new Map<SummarySort, { present: Int32Array; missing: Int32Array }>();

  constructor(rows: readonly DeviceSummary[]) {
    this.#rows = [...rows];
    this.#searchText = this.#rows.map(searchTextOf);
    this.#rows.forEach((row, position) => {
      this.#positionOf.set(row.deviceId, position);
    });
  }

  get size(): number {
    return this.#rows.length;
  }

  /** Replaces or adds rows (after a change through the API); sort orders are rebuilt when next used. */
  replace(rows: readonly DeviceSummary[]): void {
    for (const row of rows) {
      const position = this.#positionOf.get(row.deviceId);
      if (position === undefined) {
        this.#positionOf.set(row.deviceId, this.#rows.length);
        this.#rows.push(row);
        this.#searchText.push(searchTextOf(row));
      } else {
        this.#rows[position] = row;
        this.#searchText[position] = searchTextOf(row);
      }
    }
    this.#orders.clear();
  }

  find(deviceId: string): DeviceSummary | undefined {
    const position = this.#positionOf.get(deviceId);
    return position === undefined ? undefined : this.#rows[position];
  }

  page(query: SummaryQuery): { rows: DeviceSummary[]; total: number } {
    const { present, missing } = this.#order(query.sort);
    const search = query.search?.trim().toLowerCase() || undefined;
    const rows: DeviceSummary[] = [];
    let total = 0;
    const visit = (position: number) => {
      const row = this.#rows[position]!;
      if (
        (query.type !== undefined && row.type !== query.type) ||
        (query.category !== undefined && row.category !== query.category) ||
        (query.zone !== undefined && row.zone !== query.zone) ||
        (query.vendor !== undefined && row.vendor !== query.vendor) ||
        (query.riskLevel !== undefined && row.riskLevel !== query.riskLevel) ||
        (query.status !== undefined && row.status !== query.status) ||
        (query.kevOnly && row.kevVulnerabilities === 0) ||
        (query.phiOnly && !row.handlesPhi) ||
        (search !== undefined && !this.#searchText[position]!.includes(search))
      )
        return;
      if (total >= query.offset && rows.length < query.limit) rows.push(row);
      total += 1;
    };
    if (query.descending) {
      for (let index = present.length - 1; index >= 0; index -= 1) visit(present[index]!);
      for (let index = missing.length - 1; index >= 0; index -= 1) visit(missing[index]!);
    } else {
      for (const position of present) visit(position);
      for (const position of missing) visit(position);
    }
    return { rows, total };
  }

  /** How many devices have each value of a column, most first, then by value. */
  tally(column: TallyColumn): Tally[] {
    const counts = new Map<string | null, number>();
    for (const row of this.#rows) counts.set(row[column], (counts.get(row[column]) ?? 0) + 1);
    return [...counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || compareMissingLast(a.value, b.value));
  }

  totals(since: string): { devices: number; kev: number; phi: number; newDevices: number } {
    let kev = 0;
    let phi = 0;
    let newDevices = 0;
    for (const row of this.#rows) {
      if (row.kevVulnerabilities > 0) kev += 1;
      if (row.handlesPhi) phi += 1;
      if (row.firstSeen >= since) newDevices += 1;
    }
    return { devices: this.#rows.length, kev, phi, newDevices };
  }

  latestSeen(): string | null {
    let latest: string | null = null;
    for (const row of this.#rows) if (latest === null || row.lastSeen > latest) latest = row.lastSeen;
    return latest;
  }

  #order(sort: SummarySort) {
    let order = this.#orders.get(sort);
    if (order !== undefined) return order;
    const key = sortKeyOf(sort);
    const present: number[] = [];
    const missing: number[] = [];
    this.#rows.forEach((row, position) => {
      (row[key] === null ? missing : present).push(position);
    });
    const byId = (a: number, b: number) => compare(this.#rows[a]!.deviceId, this.#rows[b]!.deviceId);
    present.sort((a, b) => compare(this.#rows[a]![key]!, this.#rows[b]![key]!) || byId(a, b));
    missing.sort(byId);
    order = { present: Int32Array.from(present), missing: Int32Array.from(missing) };
    this.#orders.set(sort, order);
    return order;
  }
}

/** The field a sort names (the API's names are the record's, not the columns'). */
function sortKeyOf(sort: SummarySort): keyof DeviceSummary {
  if (!(sort in summarySortColumns)) throw new Error(`no sort ${sort}`);
  return sort;
}

/** Code-point order, as both stores compare text (SQLite's BINARY, PostgreSQL's C collation). */
function compare(a: string | number | boolean, b: string | number | boolean): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareMissingLast(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return compare(a, b);
}
