import { sql } from 'kysely';
import type { Zone } from '../../config/zones.js';
import type { RiskModel } from '../../risk/risk-model.js';
import type { Store } from '../../store/open-store.js';
import type { EventHub } from '../events/event-hub.js';
import { buildSummaries } from './build-summaries.js';
import { InventoryIndex } from './inventory-index.js';

/** Audit actions that change accounts, not devices: they leave the summaries as they are. */
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

  constructor(
    private readonly store: Store,
    private readonly model: RiskModel,
    private readonly zones: readonly Zone[],
    private readonly events: EventHub,
  ) {}

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
      const key = await this.#changeKey();
      if (!wasFresh) {
        await this.#rebuildAll(key);
        return result;
      }
      const devices = (await Promise.all(deviceIds.map((id) => this.store.devices.find(id)))).filter(
        (device) => device !== undefined,
      );
      const summaries = await buildSummaries(this.store, this.model, this.zones, devices);
      await this.store.summaries.replace(summaries);
      await this.store.summaries.markBuiltFrom(key);
      this.#inventory.replace(summaries);
      this.#inventory.warm();
      this.#loadedFrom = key;
      for (const id of deviceIds)
        this.events.publish({ type: 'device-changed', deviceId: id, at: new Date().toISOString() });
      return result;
    });
  }

  async #rebuildAll(key: string): Promise<void> {
    const started = performance.now();
    const summaries = await buildSummaries(this.store, this.model, this.zones);
    await this.store.summaries.replaceAll(summaries, key);
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
