import type { Kysely, Selectable } from 'kysely';
import type { Granularity, Policy, PolicyStatus } from '../segment/policy.js';
import type { SegmentationPolicyTable, VigilDatabase } from './schema.js';

/** A version without its groups and rules, for lists. */
export type PolicyHeader = Omit<Policy, 'groups' | 'rules'> & { rules: number; groups: number };

/**
 * Segmentation policy versions. A new version is always a draft numbered one past the latest;
 * approving one supersedes the version approved before it, in one transaction.
 *
 * @example
 * const draft = await store.policies.addDraft({ granularity: 'type', groups, rules, … });
 */
export class PolicyRepository {
  constructor(readonly db: Kysely<VigilDatabase>) {}

  async addDraft(
    policy: Omit<Policy, 'id' | 'version' | 'status' | 'approvedAt' | 'approvedBy'>,
  ): Promise<Policy> {
    return this.db.transaction().execute(async (transaction) => {
      const latest = await transaction
        .selectFrom('segmentation_policies')
        .select(({ fn }) => fn.max('version').as('version'))
        .executeTakeFirst();
      const version = Number(latest?.version ?? 0) + 1;
      const stored: Policy = {
        ...policy,
        id: `pol-${version}`,
        version,
        status: 'draft',
        approvedAt: null,
        approvedBy: null,
      };
      await transaction.insertInto('segmentation_policies').values(rowOf(stored)).execute();
      return stored;
    });
  }

  /** Every version, newest first, without groups and rules. */
  async list(): Promise<PolicyHeader[]> {
    const rows = await this.db
      .selectFrom('segmentation_policies')
      .selectAll()
      .orderBy('version', 'desc')
      .execute();
    return rows.map((row) => {
      const { groups, rules, ...header } = policyOf(row);
      return { ...header, groups: groups.length, rules: rules.length };
    });
  }

  /** One version by id (`pol-3`) or number (`3`); without either, the latest. */
  async get(idOrVersion?: string): Promise<Policy | undefined> {
    let query = this.db.selectFrom('segmentation_policies').selectAll();
    if (idOrVersion === undefined) query = query.orderBy('version', 'desc').limit(1);
    else {
      const version = Number(idOrVersion.replace(/^pol-/, ''));
      if (!Number.isInteger(version)) return undefined;
      query = query.where('version', '=', version);
    }
    const row = await query.executeTakeFirst();
    return row === undefined ? undefined : policyOf(row);
  }

  /** Changes whenever a version is added or approved: the latest version and the latest approval. */
  async stamp(): Promise<string | null> {
    const row = await this.db
      .selectFrom('segmentation_policies')
      .select(({ fn }) => [fn.max('version').as('version'), fn.max('approved_at').as('approved')])
      .executeTakeFirst();
    return row?.version == null ? null : `${row.version} ${row.approved ?? ''}`;
  }

  /** The version approved last and still in force, if any. */
  async approved(): Promise<Policy | undefined> {
    const row = await this.db
      .selectFrom('segmentation_policies')
      .selectAll()
      .where('status', '=', 'approved')
      .orderBy('version', 'desc')
      .executeTakeFirst();
    return row === undefined ? undefined : policyOf(row);
  }

  /** Marks a draft approved and the version approved before it superseded. */
  async approve(id: string, by: string, at: string): Promise<void> {
    await this.db.transaction().execute(async (transaction) => {
      await transaction
        .updateTable('segmentation_policies')
        .set({ status: 'superseded' })
        .where('status', '=', 'approved')
        .execute();
      await transaction
        .updateTable('segmentation_policies')
        .set({ status: 'approved', approved_by: by, approved_at: at })
        .where('id', '=', id)
        .execute();
    });
  }
}

function rowOf(policy: Policy): SegmentationPolicyTable {
  return {
    id: policy.id,
    version: policy.version,
    status: policy.status,
    granularity: policy.granularity,
    learned_from: policy.learnedFrom,
    learned_until: policy.learnedUntil,
    created_at: policy.createdAt,
    created_by: policy.createdBy,
    approved_at: policy.approvedAt,
    approved_by: policy.approvedBy,
    body: JSON.stringify({ groups: policy.groups, rules: policy.rules }),
  };
}

function policyOf(row: Selectable<SegmentationPolicyTable>): Policy {
  const body = JSON.parse(row.body) as Pick<Policy, 'groups' | 'rules'>;
  return {
    id: row.id,
    version: Number(row.version),
    status: row.status as PolicyStatus,
    granularity: row.granularity as Granularity,
    learnedFrom: row.learned_from,
    learnedUntil: row.learned_until,
    createdAt: row.created_at,
    createdBy: row.created_by,
    approvedAt: row.approved_at,
    approvedBy: row.approved_by,
    groups: body.groups,
    rules: body.rules,
  };
}
