import { sql } from 'kysely';
import type { Zone } from '../../config/zones.js';
import type { RiskModel } from '../../risk/risk-model.js';
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
  /** How long the last look at commits took, and how many devices it rebuilt, for the metrics. */
  lastFollow = { ms: 0, devices: 0 };
  #devicesCommitted: CommitCursor | undefined;
  #alertsChanged: CommitCursor | undefined;
  #addressOwners: AddressOwners;

  constructor(
    private readonly store: Store,
    private readonly model: RiskModel,
    private readonly zones: readonly Zone[],
    private readonly events: EventHub,
    /** See `ServerConfig.commitLookBackMs`. */
    private readonly commitLookBackMs = 2_000,
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
        this.#inventory = new InventoryIndex(await this.store.summaries.all()).warm();
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
      for (const id of deviceIds)
        this.events.publish({ type: 'device-changed', deviceId: id, at: new Date().toISOString() });
      return result;
    });
  }

  /**
   * Rebuilds the rows of the devices that commits wrote since the last look (an ingest, a live
   * sensor or a collector writing this store) and tells open consoles which devices and alerts
   * changed. Costs what those devices cost, not what the store holds; returns how many it rebuilt.
   */
  followCommits(maxDevices = 10_000): Promise<number> {
    return this.#serially(async () => {
      if (this.#loadedFrom === null) return 0;
      const started = performance.now();
      this.#devicesCommitted ??= new CommitCursor(
        (await this.store.summaries.commitsFollowedTo()) ?? '',
        this.commitLookBackMs,
      );
      this.#alertsChanged ??= new CommitCursor(new Date().toISOString(), this.commitLookBackMs);
      const cursor = this.#devicesCommitted;
      const committed = await this.store.devices.committedSince(cursor.since, maxDevices);
      const ids = new Set(cursor.take(committed.map((row) => ({ id: row.id, at: row.committedAt }))));
      const alertIds = this.#alertsChanged.take(
        (await this.store.alerts.changedSince(this.#alertsChanged.since, 1_000)).map((row) => ({
          id: row.id,
          at: row.updatedAt,
        })),
      );
      const at = new Date().toISOString();
      // An alert against a device is part of its risk: its row is rebuilt with the devices.
      for (const alert of (await this.store.alerts.getMany(alertIds)).values())
        for (const target of alert.targets) if (target.deviceId !== null) ids.add(target.deviceId);
      if (ids.size > 0) {
        const devices = await this.store.devices.getMany([...ids]);
        this.#addressOwners.claim(devices);
        const summaries = await buildSummaries(this.store, this.model, this.zones, devices, (addresses) =>
          this.#addressOwners.ownersOf(addresses),
        );
        await this.store.summaries.replace(summaries, (deviceId) => this.#inventory.find(deviceId));
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
      if (ids.size > 0) this.lastFollow = { ms: performance.now() - started, devices: ids.size };
      return ids.size;
    });
  }

  async #rebuildAll(key: string): Promise<void> {
    const started = performance.now();
    // The full build covers every commit until it starts; later ones are followed after it.
    const followedTo = new Date().toISOString();
    const summaries = await buildSummaries(this.store, this.model, this.zones);
    this.#addressOwners.forget();
    await this.store.summaries.replaceAll(summaries, key);
    await this.store.summaries.markCommitsFollowedTo(followedTo);
    this.#devicesCommitted = new CommitCursor(followedTo, this.commitLookBackMs);
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
