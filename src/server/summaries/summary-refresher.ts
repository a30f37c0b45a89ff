import { sql } from 'kysely';
import { defaultServerConfig, type ServerConfig } from '../../config/defaults.js';
import type { Zone } from '../../config/zones.js';
import type { RiskModel } from '../../risk/risk-model.js';
import type { CommittedDevice } from '../../store/device-repository.js';
import type { DeviceSummary } from '../../store/device-summary-repository.js';
import type { Store } from '../../store/open-store.js';
import type { EventHub } from '../events/event-hub.js';
import { AddressOwners } from './address-owners.js';
import { buildSummaries } from './build-summaries.js';
import { CommitCursor } from './commit-cursor.js';
import { InventoryIndex } from './inventory-index.js';

/** Device and alert ids an event names at most; its counts say how many changed. */
const maxIdsPerEvent = 100;

/**
 * Audit actions that change accounts, sensors, segmentation policy or cases, not devices: they leave the
 * summaries as they are (rebuilding 100,000 rows for a policy draft held every request for 30 s).
 */
const accountActions = [
  'login',
  'login-failed',
  'account-locked',
  'recovery-code-used',
  'user-created',
  'user-role-changed',
  'user-disabled',
  'user-enabled',
  'user-unlocked',
  'second-factor-enrolled',
  'second-factor-reset',
  'password-changed',
  'api-token-created',
  'api-token-revoked',
  'sensor-enrolled',
  'sensor-revoked',
  'policy-generated',
  'policy-approved',
  'case-opened',
  'case-note-added',
  'case-status-changed',
  'case-evidence-exported',
  'case-evidence-verified',
  'case-step-done',
  'case-breach-assessed',
  'case-isolation-proposed',
  'case-isolation-approved',
  'case-isolation-applied',
  'case-isolation-lifted',
  'case-isolation-exported',
  'case-evidence-downloaded',
  'case-review-action',
];

/**
 * Keeps the inventory table's rows in step with the store. Every change to devices, matches or
 * controls is in the audit log (the CLI's and the API's alike), so the newest such row says
 * whether the rows are stale; a change made through the API rebuilds only its devices.
 */
export class SummaryRefresher {
  #queue: Promise<unknown> = Promise.resolve();
  #inventory = new InventoryIndex([]);
  /** The `built-from` key of the rows the in-memory index holds. */
  #loadedFrom: string | null = null;
  /** How long the last full build took, for the metrics. */
  lastBuildMs = 0;
  /** How long the last look at commits took, how many rows it brought up to date and how many of them it rebuilt, for the metrics. */
  lastFollow = { ms: 0, devices: 0, rebuilt: 0 };
  #devicesCommitted: CommitCursor | undefined;
  #alertsChanged: CommitCursor | undefined;
  #addressOwners: AddressOwners;
  /** Per device, the change its row was last built from and when (see `followCommits`). */
  #built = new Map<string, { changedAt: string | null; atMs: number }>();

  constructor(
    private readonly store: Store,
    private readonly model: RiskModel,
    private readonly zones: readonly Zone[],
    private readonly events: EventHub,
    private readonly timing: Pick<
      ServerConfig,
      'commitLookBackMs' | 'summaryMaxAgeMs' | 'agedRowsPerFollow'
    > = defaultServerConfig,
  ) {
    this.#addressOwners = new AddressOwners(store);
  }

  /** What the inventory table was built from (it changes with every change it reflects), or null before. */
  get version(): string | null {
    return this.#loadedFrom;
  }

  /** The inventory table as the console pages it. */
  get inventory(): InventoryIndex {
    return this.#inventory;
  }

  /**
   * Rebuilds every row when something changed since the last build; true when it did. Rows
   * another server process built are loaded as they are.
   */
  ensureFresh(): Promise<boolean> {
    return this.#serially(async () => {
      const key = await this.#changeKey();
      const builtFrom = await this.store.summaries.builtFrom();
      if (builtFrom !== key) {
        await this.#rebuildAll(key);
        return true;
      }
      if (this.#loadedFrom !== builtFrom) {
        this.#inventory = new InventoryIndex(
          await this.#withSightings(await this.store.summaries.all()),
        ).warm();
        this.#loadedFrom = builtFrom;
        this.events.publish({ type: 'inventory-changed', at: new Date().toISOString() });
      }
      return false;
    });
  }

  /**
   * Runs a change to some devices and rebuilds their rows. When something else changed the store
   * since the last build (a CLI import), every row is rebuilt instead.
   */
  change<T>(deviceIds: readonly string[], mutate: () => Promise<T>): Promise<T> {
    return this.#serially(async () => {
      const keyBefore = await this.#changeKey();
      const wasFresh = (await this.store.summaries.builtFrom()) === keyBefore;
      const result = await mutate();
      // A merge or split moves addresses between devices.
      this.#addressOwners.forget();
      const key = await this.#changeKey();
      if (!wasFresh) {
        await this.#rebuildAll(key);
        return result;
      }
      const devices = (await Promise.all(deviceIds.map((id) => this.store.devices.find(id)))).filter(
        (device) => device !== undefined,
      );
      const summaries = await buildSummaries(this.store, this.model, this.zones, devices);
      await this.store.summaries.replace(summaries, (deviceId) => this.#inventory.find(deviceId));
      await this.store.summaries.markBuiltFrom(key);
      this.#inventory.replace(summaries);
      this.#inventory.warm();
      this.#loadedFrom = key;
      const now = Date.now();
      for (const id of deviceIds) {
        const built = this.#built.get(id);
        if (built !== undefined) built.atMs = now;
      }
      for (const id of deviceIds)
        this.events.publish({ type: 'device-changed', deviceId: id, at: new Date().toISOString() });
      return result;
    });
  }

  /**
   * Brings up to date the rows of the devices that commits wrote since the last look (an ingest,
   * a live sensor or a collector writing this store) and tells open consoles which devices and
   * alerts changed. A device a commit only saw again has its sightings and status moved into its
   * row as they are; a device the commit changed (or an alert changed, or whose row is older than
   * `summaryMaxAgeMs`) has its row rebuilt. Costs what those devices cost, not what the store
   * holds; returns how many rows it brought up to date.
   */
  followCommits(maxDevices = 10_000): Promise<number> {
    return this.#serially(async () => {
      if (this.#loadedFrom === null) return 0;
      const started = performance.now();
      this.#devicesCommitted ??= new CommitCursor(
        (await this.store.summaries.commitsFollowedTo()) ?? '',
        this.timing.commitLookBackMs,
      );
      this.#alertsChanged ??= new CommitCursor(new Date().toISOString(), this.timing.commitLookBackMs);
      const cursor = this.#devicesCommitted;
      // The rows taken within the look-back are read again: the limit leaves room for them.
      const committed = await this.store.devices.committedSince(
        cursor.since,
        maxDevices + cursor.takenWithinLookBack,
      );
      const taken = new Set(cursor.take(committed.map((row) => ({ id: row.id, at: row.committedAt }))));
      const alertIds = this.#alertsChanged.take(
        (await this.store.alerts.changedSince(this.#alertsChanged.since, 1_000)).map((row) => ({
          id: row.id,
          at: row.updatedAt,
        })),
      );
      const at = new Date().toISOString();
      // An alert against a device is part of its risk: its row is rebuilt.
      const rebuild = new Set<string>();
      for (const alert of (await this.store.alerts.getMany(alertIds)).values())
        for (const target of alert.targets) if (target.deviceId !== null) rebuild.add(target.deviceId);
      // Read before the devices are: a change landing after this is taken as not yet built.
      const committedDevices = await this.store.devices.committed([...new Set([...taken, ...rebuild])]);
      const seenAgain = this.#seenAgain(
        committedDevices.filter((row) => taken.has(row.id)),
        rebuild,
      );
      const rebuilt = await this.#rebuild(
        rebuild,
        new Map(committedDevices.map((row) => [row.id, row.changedAt])),
      );
      const summaries = [...rebuilt, ...(await this.#sightingsMoved(seenAgain))];
      if (summaries.length > 0) {
        // Sightings are the devices table's, written by the commit: the stored row of a device
        // only seen again keeps those of its last build (see `#withSightings`).
        await this.store.summaries.replace(rebuilt, (deviceId) => this.#inventory.find(deviceId));
        await this.store.summaries.markCommitsFollowedTo(cursor.position);
        const newDevices = summaries.filter(
          (summary) => this.#inventory.find(summary.deviceId) === undefined,
        );
        this.#inventory.replace(summaries);
        this.events.publish({
          type: 'devices-committed',
          deviceIds: summaries.slice(0, maxIdsPerEvent).map((summary) => summary.deviceId),
          devices: summaries.length,
          newDevices: newDevices.length,
          at,
        });
      }
      if (alertIds.length > 0)
        this.events.publish({ type: 'alerts-changed', alertIds: alertIds.slice(0, maxIdsPerEvent), at });
      if (summaries.length > 0)
        this.lastFollow = {
          ms: performance.now() - started,
          devices: summaries.length,
          rebuilt: rebuilt.length,
        };
      return summaries.length;
    });
  }

  /**
   * Sorts committed devices: those a commit changed (or new, or never built here) join `rebuild`;
   * so do up to `agedRowsPerFollow` whose row is older than `summaryMaxAgeMs`, their flows being
   * read again; the rest were only seen again and are returned with their rows.
   */
  #seenAgain(
    committed: readonly CommittedDevice[],
    rebuild: Set<string>,
  ): { row: CommittedDevice; current: DeviceSummary }[] {
    const now = Date.now();
    let aged = 0;
    const seenAgain: { row: CommittedDevice; current: DeviceSummary }[] = [];
    for (const row of committed) {
      if (rebuild.has(row.id)) continue;
      const current = this.#inventory.find(row.id);
      const built = this.#built.get(row.id);
      const isChanged =
        current === undefined ||
        current.status === 'not seen' ||
        built === undefined ||
        row.changedAt === null ||
        built.changedAt !== row.changedAt;
      const isAged = !isChanged && now - built.atMs > this.timing.summaryMaxAgeMs;
      if (isChanged || (isAged && aged < this.timing.agedRowsPerFollow)) {
        if (isAged) aged += 1;
        rebuild.add(row.id);
      } else seenAgain.push({ row, current });
    }
    return seenAgain;
  }

  /**
   * The rows of these devices built afresh from the store, each noted with the change it was
   * built from (`stamps`, read before the devices).
   */
  async #rebuild(
    ids: ReadonlySet<string>,
    stamps: ReadonlyMap<string, string | null>,
  ): Promise<DeviceSummary[]> {
    if (ids.size === 0) return [];
    const devices = await this.store.devices.getMany([...ids]);
    this.#addressOwners.claim(devices);
    const summaries = await buildSummaries(this.store, this.model, this.zones, devices, (addresses) =>
      this.#addressOwners.ownersOf(addresses),
    );
    const now = Date.now();
    for (const device of devices)
      this.#built.set(device.id, { changedAt: stamps.get(device.id) ?? null, atMs: now });
    return summaries;
  }

  /** The rows of devices only seen again: their sightings moved, online again, nothing else read. */
  async #sightingsMoved(
    seenAgain: readonly { row: CommittedDevice; current: DeviceSummary }[],
  ): Promise<DeviceSummary[]> {
    if (seenAgain.length === 0) return [];
    const onlineSince = await this.store.devices.onlineSince();
    return seenAgain.map(({ row, current }) => withSighting(current, row, onlineSince));
  }

  /**
   * Notes the rows as built from each device's change, for the devices changed before the rows
   * follow commits to (less the look-back); one changed later is rebuilt when next committed.
   */
  #noteBuilt(stamps: ReadonlyMap<string, { changedAt: string | null }>, followedTo: string): void {
    const now = Date.now();
    const followedMs = Date.parse(followedTo);
    const before = Number.isNaN(followedMs)
      ? ''
      : new Date(followedMs - this.timing.commitLookBackMs).toISOString();
    this.#built = new Map();
    for (const [id, { changedAt }] of stamps)
      if (changedAt !== null && changedAt < before) this.#built.set(id, { changedAt, atMs: now });
  }

  /**
   * Rows as stored, with each device's sightings and status as the devices table holds them now
   * (a stored row keeps those of its last build: see `followCommits`); notes each as built.
   */
  async #withSightings(summaries: readonly DeviceSummary[]): Promise<DeviceSummary[]> {
    const followedTo = (await this.store.summaries.commitsFollowedTo()) ?? '';
    const sightings = await this.store.devices.sightings();
    const onlineSince = await this.store.devices.onlineSince();
    this.#noteBuilt(sightings, followedTo);
    return summaries.map((summary) => {
      const seen = sightings.get(summary.deviceId);
      return seen === undefined ? summary : withSighting(summary, seen, onlineSince);
    });
  }

  async #rebuildAll(key: string): Promise<void> {
    const started = performance.now();
    // The full build covers every commit until it starts; later ones are followed after it.
    const followedTo = new Date().toISOString();
    // Read before the build: a change landing during it is taken as not yet built, and followed.
    const stamps = await this.store.devices.sightings();
    const summaries = await buildSummaries(this.store, this.model, this.zones);
    this.#addressOwners.forget();
    await this.store.summaries.replaceAll(summaries, key);
    await this.store.summaries.markCommitsFollowedTo(followedTo);
    this.#devicesCommitted = new CommitCursor(followedTo, this.timing.commitLookBackMs);
    this.#noteBuilt(stamps, followedTo);
    this.#inventory = new InventoryIndex(summaries).warm();
    this.#loadedFrom = key;
    this.lastBuildMs = performance.now() - started;
    this.events.publish({ type: 'inventory-changed', at: new Date().toISOString() });
  }

  /** The newest device-changing audit row and the number of ingests: what the rows reflect. */
  async #changeKey(): Promise<string> {
    const row = await this.store.db
      .selectFrom('audit_log')
      .select((expression) => expression.fn.max('seq').as('seq'))
      .where('action', 'not in', accountActions)
      .executeTakeFirst();
    const runs = await this.store.db
      .selectFrom('ingest_runs')
      .select(sql<number>`count(*)`.as('count'))
      .executeTakeFirstOrThrow();
    return `audit ${row?.seq ?? 0}; ingests ${Number(runs.count)}`;
  }

  #serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}

/** A row with a device's sightings; its status follows them, unless no traffic has shown it. */
function withSighting(
  summary: DeviceSummary,
  seen: Pick<CommittedDevice, 'firstSeen' | 'lastSeen'>,
  onlineSince: string | undefined,
): DeviceSummary {
  if (summary.status === 'not seen') return summary;
  return {
    ...summary,
    firstSeen: seen.firstSeen,
    lastSeen: seen.lastSeen,
    status: onlineSince !== undefined && seen.lastSeen >= onlineSince ? 'online' : 'offline',
  };
}
