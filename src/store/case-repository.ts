import type { Kysely, Selectable } from 'kysely';
import type {
  BreachAssessment,
  Case,
  CaseEvidence,
  CaseNote,
  CasePhase,
  CaseSeverity,
  CaseStepDone,
} from '../respond/case.js';
import type {
  CaseIsolation,
  IsolatedDevice,
  IsolationImpact,
  IsolationStatus,
} from '../respond/isolation.js';
import type { Policy } from '../segment/policy.js';
import type { CaseIsolationTable, CaseTable, VigilDatabase } from './schema.js';

/** What opening a case stores; the id and number are given by the repository. */
export interface NewCase {
  title: string;
  severity: CaseSeverity;
  owner: string | null;
  openedBy: string;
  openedAt: string;
  dueAt: string | null;
  discoveredOn: string;
  alerts: readonly string[];
  devices: readonly string[];
}

/**
 * Incident cases with their alerts, devices and notes. Numbers are given in opening order, one
 * past the highest, in the transaction that stores the case.
 *
 * @example
 * const opened = await store.cases.open({ title: 'Exfiltration from PACS', severity: 'high', … });
 */
export class CaseRepository {
  constructor(readonly db: Kysely<VigilDatabase>) {}

  async open(details: NewCase): Promise<Case> {
    return this.db.transaction().execute(async (transaction) => {
      const highest = await transaction
        .selectFrom('cases')
        .select(({ fn }) => fn.max('number').as('number'))
        .executeTakeFirst();
      const number = Number(highest?.number ?? 0) + 1;
      const id = `case-${number}`;
      await transaction
        .insertInto('cases')
        .values({
          id,
          number,
          title: details.title,
          severity: details.severity,
          status: 'detection-and-analysis',
          owner: details.owner,
          opened_by: details.openedBy,
          opened_at: details.openedAt,
          due_at: details.dueAt,
          closed_at: null,
          discovered_on: details.discoveredOn,
        })
        .execute();
      const members = [
        ...[...new Set(details.alerts)].map((memberId) => ({ kind: 'alert', memberId })),
        ...[...new Set(details.devices)].map((memberId) => ({ kind: 'device', memberId })),
      ].map(({ kind, memberId }) => ({
        case_id: id,
        kind,
        member_id: memberId,
        added_at: details.openedAt,
        added_by: details.openedBy,
      }));
      if (members.length > 0) await transaction.insertInto('case_members').values(members).execute();
      return (await readCase(transaction, id))!;
    });
  }

  /** Every case, newest first, with its members and notes. */
  async list(): Promise<Case[]> {
    const rows = await this.db.selectFrom('cases').select('id').orderBy('number', 'desc').execute();
    const cases: Case[] = [];
    for (const { id } of rows) cases.push((await readCase(this.db, id))!);
    return cases;
  }

  /** A case by id (`case-3`) or number (`3`). */
  async get(idOrNumber: string): Promise<Case | undefined> {
    const id = /^\d+$/.test(idOrNumber) ? `case-${idOrNumber}` : idOrNumber;
    return readCase(this.db, id);
  }

  /** Adds members of one kind (`risk`: register entries of its post-incident review) to a case. */
  async addMembers(
    caseId: string,
    kind: 'alert' | 'device' | 'risk',
    ids: readonly string[],
    by: string,
    at: string,
  ) {
    if (ids.length === 0) return;
    await this.db
      .insertInto('case_members')
      .values(
        ids.map((memberId) => ({ case_id: caseId, kind, member_id: memberId, added_at: at, added_by: by })),
      )
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }

  /** Adds a note, numbered after the case's last; returns it. */
  async addNote(caseId: string, note: CaseNote): Promise<CaseNote> {
    await this.db.transaction().execute(async (transaction) => {
      const last = await transaction
        .selectFrom('case_notes')
        .select(({ fn }) => fn.max('seq').as('seq'))
        .where('case_id', '=', caseId)
        .executeTakeFirst();
      await transaction
        .insertInto('case_notes')
        .values({
          case_id: caseId,
          seq: Number(last?.seq ?? 0) + 1,
          at: note.at,
          by: note.by,
          text: note.text,
        })
        .execute();
    });
    return note;
  }

  /** Records a playbook step as done (again: the latest who and when replace the earlier). */
  async markStep(caseId: string, done: CaseStepDone): Promise<void> {
    const values = {
      case_id: caseId,
      playbook_id: done.playbook,
      step_id: done.step,
      done_at: done.at,
      done_by: done.by,
      note: done.note,
    };
    await this.db
      .insertInto('case_steps')
      .values(values)
      .onConflict((conflict) =>
        conflict
          .columns(['case_id', 'playbook_id', 'step_id'])
          .doUpdateSet({ done_at: done.at, done_by: done.by, note: done.note }),
      )
      .execute();
  }

  /** The playbook steps done on a case. */
  async stepsDone(caseId: string): Promise<CaseStepDone[]> {
    const rows = await this.db
      .selectFrom('case_steps')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('done_at')
      .execute();
    return rows.map((row) => ({
      playbook: row.playbook_id,
      step: row.step_id,
      at: row.done_at,
      by: row.done_by,
      note: row.note,
    }));
  }

  /** Stores a case's breach assessment, replacing the one before (the audit log keeps both). */
  async setBreachAssessment(caseId: string, assessment: BreachAssessment): Promise<void> {
    const values = {
      nature: assessment.nature,
      recipient: assessment.recipient,
      acquired: assessment.acquired,
      mitigation: assessment.mitigation,
      individuals: assessment.individuals,
      most_in_one_state: assessment.mostInOneState,
      conclusion: assessment.conclusion,
      reasoning: assessment.reasoning,
      assessed_at: assessment.assessedAt,
      assessed_by: assessment.assessedBy,
    };
    await this.db
      .insertInto('case_breach_assessments')
      .values({ case_id: caseId, ...values })
      .onConflict((conflict) => conflict.column('case_id').doUpdateSet(values))
      .execute();
  }

  async breachAssessment(caseId: string): Promise<BreachAssessment | undefined> {
    const row = await this.db
      .selectFrom('case_breach_assessments')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    return row === undefined
      ? undefined
      : {
          nature: row.nature,
          recipient: row.recipient,
          acquired: row.acquired,
          mitigation: row.mitigation,
          individuals: row.individuals === null ? null : Number(row.individuals),
          mostInOneState: row.most_in_one_state === null ? null : Number(row.most_in_one_state),
          conclusion: row.conclusion as BreachAssessment['conclusion'],
          reasoning: row.reasoning,
          assessedAt: row.assessed_at,
          assessedBy: row.assessed_by,
        };
  }

  /** Records an evidence export in the case's chain of custody. */
  async addEvidence(caseId: string, evidence: CaseEvidence): Promise<void> {
    await this.db.transaction().execute(async (transaction) => {
      const last = await transaction
        .selectFrom('case_evidence')
        .select(({ fn }) => fn.max('seq').as('seq'))
        .where('case_id', '=', caseId)
        .executeTakeFirst();
      await transaction
        .insertInto('case_evidence')
        .values({
          case_id: caseId,
          seq: Number(last?.seq ?? 0) + 1,
          file: evidence.file,
          sha256: evidence.sha256,
          bytes: evidence.bytes,
          packets: evidence.packets,
          at: evidence.at,
          by: evidence.by,
          reason: evidence.reason,
          destination: evidence.destination,
          window_from: evidence.windowFrom,
          window_to: evidence.windowTo,
          hosts: JSON.stringify(evidence.hosts),
          sources: JSON.stringify(evidence.sources),
        })
        .execute();
    });
  }

  /** A case's evidence exports, oldest first. */
  async evidence(caseId: string): Promise<CaseEvidence[]> {
    const rows = await this.db
      .selectFrom('case_evidence')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('seq')
      .execute();
    return rows.map((row) => ({
      file: row.file,
      sha256: row.sha256,
      bytes: Number(row.bytes),
      packets: row.packets,
      at: row.at,
      by: row.by,
      reason: row.reason,
      destination: row.destination,
      windowFrom: row.window_from,
      windowTo: row.window_to,
      hosts: JSON.parse(row.hosts) as string[],
      sources: JSON.parse(row.sources) as CaseEvidence['sources'],
    }));
  }

  /** Stores a new isolation; earlier ones not yet applied become `superseded`, in the same transaction. */
  async addIsolation(isolation: CaseIsolation): Promise<void> {
    await this.db.transaction().execute(async (transaction) => {
      await transaction
        .updateTable('case_isolations')
        .set({ status: 'superseded' })
        .where('case_id', '=', isolation.caseId)
        .where('status', 'in', ['awaiting-approval', 'ready'])
        .execute();
      await transaction.insertInto('case_isolations').values(isolationRow(isolation)).execute();
    });
  }

  /** Writes an isolation's status and its approval, application and lifting. */
  async updateIsolation(isolation: CaseIsolation): Promise<void> {
    const { status, approved_by, approved_at, applied_by, applied_at, lifted_by, lifted_at } =
      isolationRow(isolation);
    await this.db
      .updateTable('case_isolations')
      .set({ status, approved_by, approved_at, applied_by, applied_at, lifted_by, lifted_at })
      .where('case_id', '=', isolation.caseId)
      .where('seq', '=', isolation.seq)
      .execute();
  }

  /** A case's isolations, oldest first. */
  async isolations(caseId: string): Promise<CaseIsolation[]> {
    const rows = await this.db
      .selectFrom('case_isolations')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('seq')
      .execute();
    return rows.map((row) => ({
      caseId: row.case_id,
      seq: Number(row.seq),
      status: row.status as IsolationStatus,
      devices: JSON.parse(row.devices) as IsolatedDevice[],
      keepClinical: Number(row.keep_clinical) === 1,
      approvalNeeded: row.approval_needed,
      proposedBy: row.proposed_by,
      proposedAt: row.proposed_at,
      approvedBy: row.approved_by,
      approvedAt: row.approved_at,
      appliedBy: row.applied_by,
      appliedAt: row.applied_at,
      liftedBy: row.lifted_by,
      liftedAt: row.lifted_at,
      impact: JSON.parse(row.impact) as IsolationImpact,
      policy: JSON.parse(row.policy) as Policy,
    }));
  }

  /** Moves a case to a phase; `closed` records when. */
  async setStatus(caseId: string, status: CasePhase, at: string): Promise<void> {
    await this.db
      .updateTable('cases')
      .set({ status, closed_at: status === 'closed' ? at : null })
      .where('id', '=', caseId)
      .execute();
  }
}

function isolationRow(isolation: CaseIsolation): Selectable<CaseIsolationTable> {
  return {
    case_id: isolation.caseId,
    seq: isolation.seq,
    status: isolation.status,
    devices: JSON.stringify(isolation.devices),
    keep_clinical: isolation.keepClinical ? 1 : 0,
    approval_needed: isolation.approvalNeeded,
    policy: JSON.stringify(isolation.policy),
    impact: JSON.stringify(isolation.impact),
    proposed_by: isolation.proposedBy,
    proposed_at: isolation.proposedAt,
    approved_by: isolation.approvedBy,
    approved_at: isolation.approvedAt,
    applied_by: isolation.appliedBy,
    applied_at: isolation.appliedAt,
    lifted_by: isolation.liftedBy,
    lifted_at: isolation.liftedAt,
  };
}

async function readCase(db: Kysely<VigilDatabase>, id: string): Promise<Case | undefined> {
  const row = await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) return undefined;
  const members = await db
    .selectFrom('case_members')
    .select(['kind', 'member_id'])
    .where('case_id', '=', id)
    .orderBy('added_at')
    .orderBy('member_id')
    .execute();
  const notes = await db
    .selectFrom('case_notes')
    .select(['at', 'by', 'text'])
    .where('case_id', '=', id)
    .orderBy('seq')
    .execute();
  return {
    ...caseOf(row),
    alerts: members.filter((member) => member.kind === 'alert').map((member) => member.member_id),
    devices: members.filter((member) => member.kind === 'device').map((member) => member.member_id),
    risks: members.filter((member) => member.kind === 'risk').map((member) => member.member_id),
    notes,
  };
}

function caseOf(row: Selectable<CaseTable>): Omit<Case, 'alerts' | 'devices' | 'risks' | 'notes'> {
  return {
    id: row.id,
    title: row.title,
    severity: row.severity as CaseSeverity,
    status: row.status as CasePhase,
    owner: row.owner,
    openedBy: row.opened_by,
    openedAt: row.opened_at,
    dueAt: row.due_at,
    closedAt: row.closed_at,
    discoveredOn: row.discovered_on,
  };
}
