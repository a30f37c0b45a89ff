import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryIndex } from '../src/server/summaries/inventory-index.js';
import {
  type DeviceSummary,
  type SummaryQuery,
  type SummarySort,
  summarySortColumns,
} from '../src/store/device-summary-repository.js';
import type { Store } from '../src/store/open-store.js';
import { storeBackends } from './support/temporary-store.js';

const backends = await storeBackends();

// Few values per column, so sorts meet ties and filters match several rows.
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null, freq: 4 });
const summaryArbitrary = (index: number): fc.Arbitrary<DeviceSummary> =>
  fc.record({
    deviceId: fc.constant(`dev-${String(index).padStart(4, '0')}`),
    name: fc.constantFrom('pump-icu-0001', 'mon-icu-0002', 'PACS-01', 'ws_admin%3', 'ct-radiology'),
    ip: maybe(fc.constantFrom('10.10.0.1', '10.10.0.12', '10.11.3.4', '192.168.1.9')),
    mac: maybe(fc.constantFrom('00:03:b1:11:92:11', '9c:c8:ae:0a:84:b8')),
    vendor: maybe(fc.constantFrom('Becton, Dickinson and Company', 'Philips Medical Systems', 'Dräger')),
    model: maybe(fc.constantFrom('8015', 'MX450', 'Evita V500')),
    firmware: maybe(fc.constantFrom('12.1.2', 'M.00.03')),
    type: maybe(fc.constantFrom('infusion pump', 'patient monitor', 'workstation')),
    category: maybe(fc.constantFrom('medical', 'IT')),
    zone: maybe(fc.constantFrom('ICU', 'radiology', 'guest Wi-Fi')),
    status: fc.constantFrom('online', 'offline', 'not seen'),
    firstSeen: fc.constantFrom('2026-01-05T07:00:00.000Z', '2026-01-06T07:00:00.000Z'),
    lastSeen: fc.constantFrom('2026-01-05T08:00:00.000Z', '2026-01-07T08:00:00.000Z'),
    riskScore: fc.constantFrom(0, 15, 15.5, 73.4),
    riskLevel: fc.constantFrom('low', 'critical'),
    riskReason: fc.constantFrom('', 'life-sustaining device; telnet open'),
    vulnerabilities: fc.constantFrom(0, 2),
    kevVulnerabilities: fc.constantFrom(0, 1),
    findings: fc.constantFrom(0, 3),
    handlesPhi: fc.boolean(),
  });

const sorts = Object.keys(summarySortColumns) as SummarySort[];
const queryArbitrary: fc.Arbitrary<SummaryQuery> = fc
  .record(
    {
      offset: fc.integer({ min: 0, max: 250 }),
      limit: fc.integer({ min: 1, max: 120 }),
      sort: fc.constantFrom(...sorts),
      descending: fc.boolean(),
      search: fc.constantFrom('icu', 'ICU', '10.10.0.1', 'dräger', '%', '_', 'ws_', 'no such thing'),
      type: fc.constantFrom('infusion pump', 'workstation'),
      category: fc.constantFrom('medical', 'IT'),
      zone: fc.constantFrom('ICU', 'guest Wi-Fi'),
      vendor: fc.constantFrom('Dräger'),
      riskLevel: fc.constantFrom('low', 'critical'),
      riskReason: fc.constantFrom('', 'life-sustaining device; telnet open'),
      status: fc.constantFrom('online', 'not seen'),
      kevOnly: fc.boolean(),
      phiOnly: fc.boolean(),
    },
    { requiredKeys: ['offset', 'limit', 'sort', 'descending'] },
  )
  .map((query) => {
    // Keep at most two filters, so pages are seldom empty.
    const filters = [
      'search',
      'type',
      'category',
      'zone',
      'vendor',
      'riskLevel',
      'status',
      'kevOnly',
      'phiOnly',
    ] as const;
    const present = filters.filter((name) => query[name] !== undefined);
    for (const name of present.slice(2)) delete query[name];
    if (query.offset > 0 && query.offset % 3 === 0) query.offset = 0;
    return query;
  });

/** The page the repository should answer, computed over the rows in memory. */
function expectedPage(rows: readonly DeviceSummary[], query: SummaryQuery) {
  const search = query.search?.trim().toLowerCase();
  const kept = rows.filter(
    (row) =>
      (query.type === undefined || row.type === query.type) &&
      (query.category === undefined || row.category === query.category) &&
      (query.zone === undefined || row.zone === query.zone) &&
      (query.vendor === undefined || row.vendor === query.vendor) &&
      (query.riskLevel === undefined || row.riskLevel === query.riskLevel) &&
      (query.status === undefined || row.status === query.status) &&
      (!query.kevOnly || row.kevVulnerabilities > 0) &&
      (!query.phiOnly || row.handlesPhi) &&
      (!search ||
        [row.name, row.ip, row.mac, row.vendor, row.model, row.type, row.deviceId]
          .filter((part) => part !== null)
          .join(' ')
          .toLowerCase()
          .includes(search)),
  );
  const field = query.sort;
  const direction = query.descending ? -1 : 1;
  const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = [...kept].sort((a, b) => {
    const left = a[field];
    const right = b[field];
    if (left === null || right === null) {
      if (left !== right) return left === null ? 1 : -1;
    } else {
      const order = compare(left, right);
      if (order !== 0) return order * direction;
    }
    return compare(a.deviceId, b.deviceId) * direction;
  });
  return { rows: sorted.slice(query.offset, query.offset + query.limit), total: kept.length };
}

describe("the server's in-memory inventory index", () => {
  const rows = fc.sample(fc.tuple(...Array.from({ length: 300 }, (_, index) => summaryArbitrary(index))), {
    numRuns: 1,
    seed: 7,
  })[0]!;

  it('answers every page as the store does, after rows change too', () => {
    const index = new InventoryIndex([...rows].reverse());
    fc.assert(
      fc.property(queryArbitrary, (query) => {
        expect(index.page(query)).toEqual(expectedPage(rows, query));
      }),
      { numRuns: 1000, seed: 12 },
    );
    const changed = rows.map((row, position) =>
      position % 7 === 0 ? { ...row, riskScore: 99.5, zone: 'radiology', name: 'renamed' } : row,
    );
    index.replace(changed.filter((_, position) => position % 7 === 0));
    fc.assert(
      fc.property(queryArbitrary, (query) => {
        expect(index.page(query)).toEqual(expectedPage(changed, query));
      }),
      { numRuns: 300, seed: 13 },
    );
  });
});

describe.each(backends.filter((backend) => backend.enabled))('inventory pages on $name', (backend) => {
  let store: Store;
  let drop: () => Promise<void>;
  let rows: DeviceSummary[];

  beforeAll(async () => {
    ({ store, drop } = await backend.open());
    rows = fc.sample(fc.tuple(...Array.from({ length: 300 }, (_, index) => summaryArbitrary(index))), {
      numRuns: 1,
      seed: 7,
    })[0]!;
    await store.summaries.replaceAll(rows, 'test');
  });
  afterAll(async () => drop());

  it('filters, searches, sorts and pages in the database exactly as over the rows in memory', async () => {
    let nonEmpty = 0;
    await fc.assert(
      fc.asyncProperty(queryArbitrary, async (query) => {
        const page = await store.summaries.page(query);
        expect(page).toEqual(expectedPage(rows, query));
        if (page.rows.length > 0) nonEmpty += 1;
      }),
      { numRuns: 300, seed: 11 },
    );
    // The property is only as good as the pages it compared: most must hold rows.
    expect(nonEmpty).toBeGreaterThan(60);
  });

  it('counts per column and totals as the rows do', async () => {
    const types = await store.summaries.tally('type');
    expect(types.reduce((sum, tally) => sum + tally.count, 0)).toBe(rows.length);
    for (const tally of types)
      expect(tally.count).toBe(rows.filter((row) => row.type === tally.value).length);
    const since = '2026-01-06T00:00:00.000Z';
    expect(await store.summaries.totals(since)).toEqual({
      devices: rows.length,
      kev: rows.filter((row) => row.kevVulnerabilities > 0).length,
      phi: rows.filter((row) => row.handlesPhi).length,
      newDevices: rows.filter((row) => row.firstSeen >= since).length,
    });
  });
});

describe.each(backends.filter((backend) => backend.enabled))('replacing some rows on $name', (backend) => {
  it('writes the rows and columns that changed, adds new rows, and leaves the rest as they were', async () => {
    const { store, drop } = await backend.open();
    try {
      const sample = (count: number, seed: number, offset = 0) =>
        fc.sample(
          fc.tuple(...Array.from({ length: count }, (_, index) => summaryArbitrary(index + offset))),
          {
            numRuns: 1,
            seed,
          },
        )[0]!;
      let stored = new Map(sample(200, 1).map((row) => [row.deviceId, row]));
      await store.summaries.replaceAll([...stored.values()], 'test');
      for (const seed of [2, 3, 4, 5]) {
        // Every third row as it stands, the others redrawn (most columns then differ, some not),
        // and 20 devices the store does not hold yet.
        const redrawn = sample(200, seed);
        const next = [
          ...redrawn.map((row, index) => (index % 3 === 0 ? stored.get(row.deviceId)! : row)),
          ...sample(20, seed, 200 + seed * 20),
        ];
        await store.summaries.replace(next, (deviceId) => stored.get(deviceId));
        stored = new Map([...stored, ...next.map((row) => [row.deviceId, row] as const)]);
        const all = (await store.summaries.all()).sort((left, right) =>
          left.deviceId.localeCompare(right.deviceId),
        );
        expect(all).toEqual(
          [...stored.values()].sort((left, right) => left.deviceId.localeCompare(right.deviceId)),
        );
      }
    } finally {
      await drop();
    }
  });
});
