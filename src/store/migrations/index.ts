import type { Migration, MigrationProvider } from 'kysely';
import { initialMigration } from './0001-initial.js';
import { deviceFindingsMigration } from './0002-device-findings.js';
import { findingDetailMigration } from './0003-finding-detail.js';
import { deviceEventsMigration } from './0004-device-events.js';
import { deviceMergesMigration } from './0005-device-merges.js';
import { vulnerabilityIntelMigration } from './0006-vulnerability-intel.js';
import { riskControlsMigration } from './0007-risk-controls.js';
import { riskRegisterMigration } from './0008-risk-register.js';
import { auditLogMigration } from './0009-audit-log.js';
import { accountsMigration } from './0010-accounts.js';
import { deviceSummariesMigration } from './0011-device-summaries.js';
import { summaryRiskReasonMigration } from './0012-summary-risk-reason.js';
import { workItemsMigration } from './0013-work-items.js';
import { auditSignatureMigration } from './0014-audit-signature.js';
import { alertsMigration } from './0015-alerts.js';
import { deliveryFailuresMigration } from './0016-delivery-failures.js';
import { alertSuppressionsMigration } from './0017-alert-suppressions.js';
import { baselinesMigration } from './0018-baselines.js';
import { ingestCheckpointsMigration } from './0019-ingest-checkpoints.js';
import { relayMigration } from './0020-relay.js';
import { commitTimesMigration } from './0021-commit-times.js';
import { sensorEnrolmentsMigration } from './0022-sensor-enrolments.js';
import { segmentationPoliciesMigration } from './0023-segmentation-policies.js';
import { incidentCasesMigration } from './0024-incident-cases.js';
import { caseIsolationsMigration } from './0025-case-isolations.js';
import { mds2FormsMigration } from './0026-mds2-forms.js';
import { modelSupportMigration } from './0027-model-support.js';
import { governancePlansMigration } from './0028-governance-plans.js';
import { changeTimesMigration } from './0029-change-times.js';

/** Migrations in order; names sort as they apply. Shipped in code so the built CLI needs no folder scan. */
const migrations: Record<string, Migration> = {
  '0001-initial': initialMigration,
  '0002-device-findings': deviceFindingsMigration,
  '0003-finding-detail': findingDetailMigration,
  '0004-device-events': deviceEventsMigration,
  '0005-device-merges': deviceMergesMigration,
  '0006-vulnerability-intel': vulnerabilityIntelMigration,
  '0007-risk-controls': riskControlsMigration,
  '0008-risk-register': riskRegisterMigration,
  '0009-audit-log': auditLogMigration,
  '0010-accounts': accountsMigration,
  '0011-device-summaries': deviceSummariesMigration,
  '0012-summary-risk-reason': summaryRiskReasonMigration,
  '0013-work-items': workItemsMigration,
  '0014-audit-signature': auditSignatureMigration,
  '0015-alerts': alertsMigration,
  '0016-delivery-failures': deliveryFailuresMigration,
  '0017-alert-suppressions': alertSuppressionsMigration,
  '0018-baselines': baselinesMigration,
  '0019-ingest-checkpoints': ingestCheckpointsMigration,
  '0020-relay': relayMigration,
  '0021-commit-times': commitTimesMigration,
  '0022-sensor-enrolments': sensorEnrolmentsMigration,
  '0023-segmentation-policies': segmentationPoliciesMigration,
  '0024-incident-cases': incidentCasesMigration,
  '0025-case-isolations': caseIsolationsMigration,
  '0026-mds2-forms': mds2FormsMigration,
  '0027-model-support': modelSupportMigration,
  '0028-governance-plans': governancePlansMigration,
  '0029-change-times': changeTimesMigration,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
