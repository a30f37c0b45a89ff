import { type Kysely, sql } from 'kysely';
import { chunks } from './chunks.js';
import type { DeviceSummary } from './device-summary.js';
import { containsText } from './like-pattern.js';
import type { DeviceSummaryTable, VigilDatabase } from './schema.js';

export type { DeviceSummary } from './device-summary.js';

/** Columns the table sorts by, as the API names them. */
export const summarySortColumns = {
  name: 'name',
  ip: 'ip',
  vendor: 'vendor',
  model: 'model',
  type: 'type',
  category: 'category',
  zone: 'zone',
  lastSeen: 'last_seen',
  firstSeen: 'first_seen',
  riskScore: 'risk_score',
  vulnerabilities: 'vulnerabilities',
} as const satisfies Record<string, keyof DeviceSummaryTable>;

export type SummarySort = keyof typeof summarySortColumns;

/** A page request: filters combine with AND; `search` looks in name, addresses, vendor, model, type. */
export interface SummaryQuery {
  offset: number;
  limit: number;
  sort: SummarySort;
  descending: boolean;
  search?: string;
  type?: string;
  category?: string;
  zone?: string;
  vendor?: string;
  riskLevel?: string;
  status?: string;
  kevOnly?: boolean;
  phiOnly?: boolean;
}

/** Counts per value of one column, most first. */
export interface Tally {
  value: string | null;
  count: number;
}

/**
 * The inventory table's rows (`device_summaries`): one per shown device, rebuilt whenever devices,
 * matches or risk change, and queried with filters, sorting and paging in the database.
 *
 * @example
 * const { rows, total } = await store.summaries.page({ offset: 0, limit: 50, sort: 'riskScore', descending: true, type: 'infusion pump' });
 */
export class DeviceSummaryRepository {
  constructor(readonly db: Kysely<VigilDatabase>) {}

  /** Replaces every row in one transaction, and records what they were built from. */
  async replaceAll(summaries: readonly DeviceSummary[], builtFrom: string): Promise<void> {
    await this.db.transaction().execute(async (transaction) => {
      await transaction.deleteFrom('device_summaries').execute();
      for (const batch of chunks(summaries.map(rowOf), 500))
        await transaction.insertInto('device_summaries').values(batch).execute();
      await markBuiltFrom(transaction, builtFrom);
    });
  }

  /** Records what the rows reflect, after a partial rebuild. */
  async markBuiltFrom(builtFrom: string): Promise<void> {
    await this.db.transaction().execute((transaction) => markBuiltFrom(transaction, builtFrom));
  }

  /**
   * Replaces the rows of some devices (after a change through the API, or a commit followed).
   * Given the rows as they stand (`current`), writes only the rows that changed, and of each only
   * the columns that changed: a live commit mostly moves `last_seen`, and rewriting the whole row
   * touched every sort column's index (1,000 rows: 100 ms as upserts).
   */
  async replace(
    summaries: readonly DeviceSummary[],
    current: (deviceId: string) => DeviceSummary | undefined = () => undefined,
  ): Promise<void> {
    if (summaries.length === 0) return;
    const added: DeviceSummaryTable[] = [];
    const changedBySet = new Map<string, { columns: SummaryColumn[]; rows: DeviceSummaryTable[] }>();
    for (const summary of summaries) {
      const row = rowOf(summary);
      const before = current(summary.deviceId);
      if (before === undefined) {
        added.push(row);
        continue;
      }
      const beforeRow = rowOf(before);
      const columns = updatableColumns.filter((column) => row[column] !== beforeRow[column]);
      if (columns.length === 0) continue;
      const key = columns.join(' ');
      const group = changedBySet.get(key) ?? { columns, rows: [] };
      group.rows.push(row);
      changedBySet.set(key, group);
    }
    if (added.length === 0 && changedBySet.size === 0) return;
    await this.db.transaction().execute(async (transaction) => {
      // One upsert per new row: a delete and an insert would each touch every sort column's index.
      for (const batch of chunks(added, 500))
        await transaction
          .insertInto('device_summaries')
          .values(batch)
          .onConflict((conflict) =>
            conflict
              .column('device_id')
              .doUpdateSet(
                Object.fromEntries(
                  updatableColumns.map((column) => [column, sql.ref(`excluded.${column}`)]),
                ) as Record<keyof DeviceSummaryTable, never>,
              ),
          )
          .execute();
      for (const { columns, rows } of changedBySet.values())
        for (const batch of chunks(rows, 500)) await updateColumns(transaction, columns, batch);
    });
  }

  /** Every row, for the server's in-memory index. */
  async all(): Promise<DeviceSummary[]> {
    const rows = await this.db.selectFrom('device_summaries').selectAll().execute();
    return rows.map(recordOf);
  }

  /** Up to when the rows follow device commits (ISO time; see `SummaryRefresher.followCommits`), or null. */
  async commitsFollowedTo(): Promise<string | null> {
    const row = await this.db
      .selectFrom('summary_state')
      .select('value')
      .where('name', '=', 'commits-followed')
      .executeTakeFirst();
    return row?.value ?? null;
  }

  async markCommitsFollowedTo(at: string): Promise<void> {
    await this.db
      .insertInto('summary_state')
      .values({ name: 'commits-followed', value: at })
      .onConflict((conflict) => conflict.column('name').doUpdateSet({ value: at }))
      .execute();
  }

  /** What the rows were last built from, or null before the first build. */
  async builtFrom(): Promise<string | null> {
    const row = await this.db
      .selectFrom('summary_state')
      .select('value')
      .where('name', '=', 'built-from')
      .executeTakeFirst();
    return row?.value ?? null;
  }

  async page(query: SummaryQuery): Promise<{ rows: DeviceSummary[]; total: number }> {
    const filtered = this.#filtered(query);
    const column = summarySortColumns[query.sort];
    const direction = query.descending ? 'desc' : 'asc';
    const [rows, count] = await Promise.all([
      filtered
        .selectAll()
        // Missing values last either way, on both backends (their defaults differ).
        .orderBy(column, (order) => (query.descending ? order.desc() : order.asc()).nullsLast())
        .orderBy('device_id', direction)
        .offset(query.offset)
        .limit(query.limit)
        .execute(),
      filtered.select((expression) => expression.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
    ]);
    return { rows: rows.map(recordOf), total: Number(count.count) };
  }

  async find(deviceId: string): Promise<DeviceSummary | undefined> {
    const row = await this.db
      .selectFrom('device_summaries')
      .selectAll()
      .where('device_id', '=', deviceId)
      .executeTakeFirst();
    return row && recordOf(row);
  }

  /** How many devices have each value of a column. */
  async tally(column: 'type' | 'category' | 'zone' | 'risk_level' | 'vendor'): Promise<Tally[]> {
    const rows = await this.db
      .selectFrom('device_summaries')
      .select([column, (expression) => expression.fn.countAll<number>().as('count')])
      .groupBy(column)
      .orderBy('count', 'desc')
      .orderBy(column)
      .execute();
    return rows.map((row) => ({ value: row[column] as string | null, count: Number(row.count) }));
  }

  /** Totals for the dashboard: devices, those with KEV vulnerabilities, those handling patient data, those first seen since `since`. */
  async totals(since: string): Promise<{ devices: number; kev: number; phi: number; newDevices: number }> {
    const row = await this.db
      .selectFrom('device_summaries')
      .select([
        (expression) => expression.fn.countAll<number>().as('devices'),
        sql<number>`sum(case when kev_vulnerabilities > 0 then 1 else 0 end)`.as('kev'),
        sql<number>`sum(handles_phi)`.as('phi'),
        sql<number>`sum(case when first_seen >= ${since} then 1 else 0 end)`.as('new_devices'),
      ])
      .executeTakeFirstOrThrow();
    return {
      devices: Number(row.devices),
      kev: Number(row.kev ?? 0),
      phi: Number(row.phi ?? 0),
      newDevices: Number(row.new_devices ?? 0),
    };
  }

  /** The latest sighting among the summaries, or null when there are none. */
  async latestSeen(): Promise<string | null> {
    const row = await this.db
      .selectFrom('device_summaries')
      .select((expression) => expression.fn.max('last_seen').as('latest'))
      .executeTakeFirst();
    return (row?.latest as string | null | undefined) ?? null;
  }

  #filtered(query: SummaryQuery) {
    let filtered = this.db.selectFrom('device_summaries');
    if (query.type !== undefined) filtered = filtered.where('type', '=', query.type);
    if (query.category !== undefined) filtered = filtered.where('category', '=', query.category);
    if (query.zone !== undefined) filtered = filtered.where('zone', '=', query.zone);
    if (query.vendor !== undefined) filtered = filtered.where('vendor', '=', query.vendor);
    if (query.riskLevel !== undefined) filtered = filtered.where('risk_level', '=', query.riskLevel);
    if (query.status !== undefined) filtered = filtered.where('status', '=', query.status);
    if (query.kevOnly) filtered = filtered.where('kev_vulnerabilities', '>', 0);
    if (query.phiOnly) filtered = filtered.where('handles_phi', '=', 1);
    const search = query.search?.trim().toLowerCase();
    if (search) filtered = filtered.where(containsText(sql.ref('search'), search));
    return filtered;
  }
}

async function markBuiltFrom(db: Kysely<VigilDatabase>, builtFrom: string): Promise<void> {
  await db.deleteFrom('summary_state').where('name', '=', 'built-from').execute();
  await db.insertInto('summary_state').values({ name: 'built-from', value: builtFrom }).execute();
}

/** The lower-cased text the search box looks in: name, addresses, vendor, model, type and id. */
export function searchTextOf(summary: DeviceSummary): string {
  return [
    summary.name,
    summary.ip,
    summary.mac,
    summary.vendor,
    summary.model,
    summary.type,
    summary.deviceId,
  ]
    .filter((part) => part !== null)
    .join(' ')
    .toLowerCase();
}

type SummaryColumn = Exclude<keyof DeviceSummaryTable, 'device_id'>;

/** Each column but the key, with the type its values are cast to in an `update … from (values …)`. */
const columnTypes: Record<SummaryColumn, 'text' | 'real' | 'integer'> = {
  name: 'text',
  ip: 'text',
  mac: 'text',
  vendor: 'text',
  model: 'text',
  firmware: 'text',
  type: 'text',
  category: 'text',
  zone: 'text',
  status: 'text',
  first_seen: 'text',
  last_seen: 'text',
  risk_score: 'real',
  risk_level: 'text',
  risk_reason: 'text',
  vulnerabilities: 'integer',
  kev_vulnerabilities: 'integer',
  findings: 'integer',
  handles_phi: 'integer',
  search: 'text',
};
const updatableColumns = Object.keys(columnTypes) as SummaryColumn[];

/**
 * Sets `columns` of the rows' devices in one statement on SQLite and PostgreSQL alike: the new
 * values as a `values` list (its columns are `column1`, `column2`, … on both), cast to the
 * column's type because PostgreSQL reads a bare parameter there as text.
 */
async function updateColumns(
  db: Kysely<VigilDatabase>,
  columns: readonly SummaryColumn[],
  rows: readonly DeviceSummaryTable[],
): Promise<void> {
  const assignments = columns.map(
    (column, index) =>
      sql`${sql.ref(column)} = cast(${sql.ref(`changed.column${index + 2}`)} as ${sql.raw(columnTypes[column])})`,
  );
  const values = rows.map(
    (row) => sql`(${sql.join([row.device_id, ...columns.map((column) => row[column])])})`,
  );
  await sql`update device_summaries set ${sql.join(assignments)}
    from (values ${sql.join(values)}) as changed
    where device_summaries.device_id = changed.column1`.execute(db);
}

function rowOf(summary: DeviceSummary): DeviceSummaryTable {
  return {
    device_id: summary.deviceId,
    name: summary.name,
    ip: summary.ip,
    mac: summary.mac,
    vendor: summary.vendor,
    model: summary.model,
    firmware: summary.firmware,
    type: summary.type,
    category: summary.category,
    zone: summary.zone,
    status: summary.status,
    first_seen: summary.firstSeen,
    last_seen: summary.lastSeen,
    risk_score: summary.riskScore,
    risk_level: summary.riskLevel,
    risk_reason: summary.riskReason,
    vulnerabilities: summary.vulnerabilities,
    kev_vulnerabilities: summary.kevVulnerabilities,
    findings: summary.findings,
    handles_phi: summary.handlesPhi ? 1 : 0,
    search: searchTextOf(summary),
  };
}

function recordOf(row: DeviceSummaryTable): DeviceSummary {
  return {
    deviceId: row.device_id,
    name: row.name,
    ip: row.ip,
    mac: row.mac,
    vendor: row.vendor,
    model: row.model,
    firmware: row.firmware,
    type: row.type,
    category: row.category,
    zone: row.zone,
    status: row.status,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    riskScore: Number(row.risk_score),
    riskLevel: row.risk_level,
    riskReason: row.risk_reason,
    vulnerabilities: Number(row.vulnerabilities),
    kevVulnerabilities: Number(row.kev_vulnerabilities),
    findings: Number(row.findings),
    handlesPhi: Number(row.handles_phi) === 1,
  };
}
