import type { Kysely, Transaction } from 'kysely';
import type { Alert, AlertStatus } from '../detect/alert.js';
import type { Severity } from '../detect/detection.js';
import type { Suppression } from '../detect/suppression.js';
import { chunks } from './chunks.js';
import { IngestRunRepository } from './ingest-run-repository.js';
import type { AlertTable, IngestCheckpointTable, VigilDatabase } from './schema.js';

/** Which alerts to list: by status, severity (at least), last seen since (ISO), newest first. */
export interface AlertFilter {
  statuses?: readonly AlertStatus[] | undefined;
  severities?: readonly Severity[] | undefined;
  since?: string | undefined;
  limit?: number | undefined;
}

/**
 * The alerts the detection stage raised. It stores what it is given: merging repeats and
 * weighing severity live in `src/detect/record-alerts.ts`, status changes in `src/changes/`.
 *
 * @example
 * const open = await store.alerts.list({ statuses: ['new', 'acknowledged', 'investigating'] });
 */
export class AlertRepository {
  constructor(readonly db: Kysely<VigilDatabase>) {}

  async get(id: string): Promise<Alert | undefined> {
    const row = await this.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && alertOf(row);
  }

  async getMany(ids: readonly string[]): Promise<Map<string, Alert>> {
    const found = new Map<string, Alert>();
    for (const batch of chunks([...ids], 500)) {
      const rows = await this.db.selectFrom('alerts').selectAll().where('id', 'in', batch).execute();
      for (const row of rows) found.set(row.id, alertOf(row));
    }
    return found;
  }

  /**
   * Writes alerts whole, new or changed, and with them (in the same transaction) what the commit
   * that raised them must store atomically: an ingest's checkpoint and a sensor's outbox, or the
   * collector's mark of the message applied. Killed, the writer then stored all or none, and its
   * next run neither repeats nor loses them.
   */
  async put(alerts: readonly Alert[], commitWith: CommitWith = {}): Promise<void> {
    const { checkpoint, alongside } = commitWith;
    if (alerts.length === 0 && checkpoint === undefined && alongside === undefined) return;
    await this.db.transaction().execute(async (transaction) => {
      if (checkpoint !== undefined) await new IngestRunRepository(transaction).saveCheckpoint(checkpoint);
      await alongside?.(transaction);
      for (const alert of alerts) {
        const row = rowOf(alert);
        const { id, ...changes } = row;
        const updated = await transaction
          .updateTable('alerts')
          .set(changes)
          .where('id', '=', id)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0)
          await transaction.insertInto('alerts').values(row).execute();
      }
    });
  }

  async list(filter: AlertFilter = {}): Promise<Alert[]> {
    let query = this.db.selectFrom('alerts').selectAll();
    if (filter.statuses?.length) query = query.where('status', 'in', [...filter.statuses]);
    if (filter.severities?.length) query = query.where('severity', 'in', [...filter.severities]);
    if (filter.since !== undefined) query = query.where('last_seen', '>=', filter.since);
    const rows = await query
      .orderBy('last_seen', 'desc')
      .orderBy('id')
      .limit(filter.limit ?? 1_000)
      .execute();
    return rows.map(alertOf);
  }

  /** Ids of alerts written at or after `since` (ISO time), with when, oldest first, by index. */
  async changedSince(since: string, limit: number): Promise<{ id: string; updatedAt: string }[]> {
    const rows = await this.db
      .selectFrom('alerts')
      .select(['id', 'updated_at'])
      .where('updated_at', '>=', since)
      .orderBy('updated_at')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ id: row.id, updatedAt: row.updated_at }));
  }

  /** Alerts and the detections behind them, by type, severity and status: the metrics read these. */
  async tally(): Promise<
    { type: string; severity: string; status: string; alerts: number; detections: number }[]
  > {
    const rows = await this.db
      .selectFrom('alerts')
      .select(({ fn }) => [
        'type',
        'severity',
        'status',
        fn.countAll<number>().as('alerts'),
        fn.sum<number>('count').as('detections'),
      ])
      .groupBy(['type', 'severity', 'status'])
      .execute();
    return rows.map((row) => ({
      type: row.type,
      severity: row.severity,
      status: row.status,
      alerts: Number(row.alerts),
      detections: Number(row.detections),
    }));
  }

  async suppressions(): Promise<Suppression[]> {
    const rows = await this.db.selectFrom('alert_suppressions').selectAll().orderBy('created_at').execute();
    return rows.map((row) => ({
      id: row.id,
      type: row.type,
      source: row.source,
      target: row.target,
      owner: row.owner,
      reason: row.reason,
      expires: row.expires,
      createdBy: row.created_by,
      createdAt: row.created_at,
      hits: Number(row.hits),
      lastHit: row.last_hit,
    }));
  }

  async addSuppression(rule: Suppression): Promise<void> {
    await this.db
      .insertInto('alert_suppressions')
      .values({
        id: rule.id,
        type: rule.type,
        source: rule.source,
        target: rule.target,
        owner: rule.owner,
        reason: rule.reason,
        expires: rule.expires,
        created_by: rule.createdBy,
        created_at: rule.createdAt,
        hits: rule.hits,
        last_hit: rule.lastHit,
      })
      .execute();
  }

  /** Removes a rule; false when there was none. */
  async removeSuppression(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('alert_suppressions').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Counts detections a rule held back, in one statement. */
  async countSuppressed(id: string, hits: number, at: string): Promise<void> {
    await this.db
      .updateTable('alert_suppressions')
      .set((expression) => ({ hits: expression('hits', '+', hits), last_hit: at }))
      .where('id', '=', id)
      .execute();
  }

  async recordDeliveryFailure(failure: DeliveryFailure): Promise<void> {
    await this.db
      .insertInto('delivery_failures')
      .values({
        id: failure.id,
        target: failure.target,
        alert_ids: JSON.stringify(failure.alertIds),
        error: failure.error,
        attempts: failure.attempts,
        at: failure.at,
      })
      .execute();
  }

  async deliveryFailures(): Promise<DeliveryFailure[]> {
    const rows = await this.db.selectFrom('delivery_failures').selectAll().orderBy('at', 'desc').execute();
    return rows.map((row) => ({
      id: row.id,
      target: row.target,
      alertIds: JSON.parse(row.alert_ids) as string[],
      error: row.error,
      attempts: Number(row.attempts),
      at: row.at,
    }));
  }

  /** Open alerts (new, acknowledged, investigating) naming a device as target. */
  async openForDevice(deviceId: string): Promise<Alert[]> {
    const rows = await this.db
      .selectFrom('alerts')
      .selectAll()
      .where('status', 'in', ['new', 'acknowledged', 'investigating'])
      .where('targets', 'like', `%"deviceId":"${deviceId.replace(/[^\w-]/g, '')}"%`)
      .execute();
    return rows.map(alertOf);
  }
}

/** What a commit writes in the same transaction as its alerts. */
export interface CommitWith {
  /** The ingest's checkpoint: how many packets this commit covers. */
  checkpoint?: IngestCheckpointTable | undefined;
  /** Further writes, on the transaction given. */
  alongside?: ((transaction: Transaction<VigilDatabase>) => Promise<void>) | undefined;
}

/** A delivery that failed after its retries, as kept. */
export interface DeliveryFailure {
  id: string;
  target: string;
  alertIds: string[];
  error: string;
  attempts: number;
  at: string;
}

function rowOf(alert: Alert): AlertTable {
  return {
    id: alert.id,
    type: alert.type,
    alert_key: alert.key,
    severity: alert.severity,
    techniques: JSON.stringify(alert.techniques),
    summary: alert.summary,
    remedy: alert.remedy,
    sources: JSON.stringify(alert.sources),
    targets: JSON.stringify(alert.targets),
    first_seen: alert.firstSeen,
    last_seen: alert.lastSeen,
    count: alert.count,
    evidence: JSON.stringify(alert.evidence),
    detail: JSON.stringify(alert.detail),
    status: alert.status,
    assignee: alert.assignee,
    note: alert.note,
    updated_at: alert.updatedAt,
  };
}

function alertOf(row: AlertTable): Alert {
  return {
    id: row.id,
    type: row.type,
    key: row.alert_key,
    severity: row.severity as Severity,
    techniques: JSON.parse(row.techniques) as string[],
    summary: row.summary,
    remedy: row.remedy,
    sources: JSON.parse(row.sources) as Alert['sources'],
    targets: JSON.parse(row.targets) as Alert['targets'],
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    count: Number(row.count),
    evidence: JSON.parse(row.evidence) as Alert['evidence'],
    detail: JSON.parse(row.detail) as Alert['detail'],
    status: row.status as AlertStatus,
    assignee: row.assignee,
    note: row.note,
    updatedAt: row.updated_at,
  };
}
