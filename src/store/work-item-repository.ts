import type { Kysely } from 'kysely';
import { isWorkItemStatus, type WorkItemTracking } from '../risk/work-item.js';
import type { VigilDatabase } from './schema.js';

/**
 * People's decisions about work-queue items (owner, due date, status), by item id.
 *
 * @example
 * await store.workItems.set('finding:telnet-service', { status: 'in-progress', owner: 'biomed', … });
 */
export class WorkItemRepository {
  constructor(readonly db: Kysely<VigilDatabase>) {}

  async all(): Promise<Map<string, WorkItemTracking>> {
    const rows = await this.db.selectFrom('work_items').selectAll().execute();
    return new Map(
      rows.map((row) => [
        row.item_id,
        {
          status: isWorkItemStatus(row.status) ? row.status : 'open',
          owner: row.owner,
          dueDate: row.due_date,
          note: row.note,
          actor: row.actor,
          at: row.at,
        },
      ]),
    );
  }

  /** Records a decision; returns the one it replaced, or null. */
  async set(itemId: string, tracking: WorkItemTracking): Promise<WorkItemTracking | null> {
    return this.db.transaction().execute(async (transaction) => {
      const before = await transaction
        .selectFrom('work_items')
        .selectAll()
        .where('item_id', '=', itemId)
        .executeTakeFirst();
      const values = {
        status: tracking.status,
        owner: tracking.owner,
        due_date: tracking.dueDate,
        note: tracking.note,
        actor: tracking.actor,
        at: tracking.at,
      };
      await transaction
        .insertInto('work_items')
        .values({ item_id: itemId, ...values })
        .onConflict((conflict) => conflict.column('item_id').doUpdateSet(values))
        .execute();
      if (before === undefined) return null;
      return {
        status: isWorkItemStatus(before.status) ? before.status : 'open',
        owner: before.owner,
        dueDate: before.due_date,
        note: before.note,
        actor: before.actor,
        at: before.at,
      };
    });
  }
}
