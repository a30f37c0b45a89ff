import type { Kysely } from 'kysely';
import { chunks } from './chunks.js';
import { eventRow, noEvidence } from './device-history.js';
import type { RiskControlTable, VigilDatabase } from './schema.js';

/**
 * Compensating controls per device. Setting or clearing one is also a line of the device's
 * history (`control-set`, `control-cleared`) with who and why.
 *
 * @example
 * await store.risk.setControl(deviceId, 'segmented', 'j.ortiz', 'pump VLAN 40, ACL 112', new Date().toISOString());
 */
export class RiskRepository {
  constructor(readonly db: Kysely<VigilDatabase>) {}

  async setControl(
    deviceId: string,
    control: string,
    actor: string,
    note: string | null,
    at: string,
  ): Promise<void> {
    await this.db.transaction().execute(async (transaction) => {
      await transaction
        .insertInto('risk_controls')
        .values({ device_id: deviceId, control, note, actor, at })
        .onConflict((conflict) =>
          conflict.columns(['device_id', 'control']).doUpdateSet((update) => ({
            note: update.ref('excluded.note'),
            actor: update.ref('excluded.actor'),
            at: update.ref('excluded.at'),
          })),
        )
        .execute();
      await recordControlEvent(transaction, deviceId, 'control-set', control, note, actor, note, at);
    });
  }

  /** Returns false when the device had no such control. */
  async clearControl(
    deviceId: string,
    control: string,
    actor: string,
    reason: string | null,
    at: string,
  ): Promise<boolean> {
    return this.db.transaction().execute(async (transaction) => {
      const removed = await transaction
        .deleteFrom('risk_controls')
        .where('device_id', '=', deviceId)
        .where('control', '=', control)
        .executeTakeFirst();
      if (Number(removed.numDeletedRows) === 0) return false;
      await recordControlEvent(transaction, deviceId, 'control-cleared', control, null, actor, reason, at);
      return true;
    });
  }

  async controls(deviceIds?: readonly string[]): Promise<RiskControlTable[]> {
    if (deviceIds === undefined)
      return this.db
        .selectFrom('risk_controls')
        .selectAll()
        .orderBy('device_id')
        .orderBy('control')
        .execute();
    const rows: RiskControlTable[] = [];
    for (const batch of chunks(deviceIds, 500)) {
      rows.push(
        ...(await this.db.selectFrom('risk_controls').selectAll().where('device_id', 'in', batch).execute()),
      );
    }
    return rows;
  }
}

/** A control's setting or clearing as a line of the device's history. */
async function recordControlEvent(
  db: Kysely<VigilDatabase>,
  deviceId: string,
  kind: 'control-set' | 'control-cleared',
  control: string,
  after: string | null,
  actor: string,
  reason: string | null,
  at: string,
): Promise<void> {
  await db
    .insertInto('device_events')
    .values(
      eventRow({
        device_id: deviceId,
        at,
        kind,
        attribute: control,
        before: null,
        after,
        actor,
        reason,
        ...noEvidence,
      }),
    )
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute();
}
