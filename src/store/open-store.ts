import { type Dialect, Kysely, Migrator } from 'kysely';
import { AlertRepository } from './alert-repository.js';
import { ApiTokenRepository } from './api-token-repository.js';
import { AuditRepository } from './audit-repository.js';
import { BaselineRepository } from './baseline-repository.js';
import { CaseRepository } from './case-repository.js';
import { DeviceRepository } from './device-repository.js';
import { DeviceSummaryRepository } from './device-summary-repository.js';
import { FeedRepository } from './feed-repository.js';
import { FlowRepository } from './flow-repository.js';
import { IngestRunRepository } from './ingest-run-repository.js';
import { SecretBox } from './keys/secret-box.js';
import { loadStoreKeys, resolveKeyDirectory, type StoreKeys } from './keys/store-keys.js';
import { Mds2Repository } from './mds2-repository.js';
import { migrationProvider } from './migrations/index.js';
import { ModelSupportRepository } from './model-support-repository.js';
import { PatchCampaignRepository } from './patch-campaign-repository.js';
import { PolicyRepository } from './policy-repository.js';
import { ProcurementReviewRepository } from './procurement-review-repository.js';
import { RecallRepository } from './recall-repository.js';
import { RegisterRepository } from './register-repository.js';
import { RelayRepository } from './relay-repository.js';
import { ResponsibilityRepository } from './responsibility-repository.js';
import { RiskRepository } from './risk-repository.js';
import { SbomRepository } from './sbom-repository.js';
import type { VigilDatabase } from './schema.js';
import { SessionRepository } from './session-repository.js';
import { UserRepository } from './user-repository.js';
import { VulnerabilityRepository } from './vulnerability-repository.js';
import { WorkItemRepository } from './work-item-repository.js';

export const defaultStoreLocation = './vigil.db';

/** The repositories over one database; the code above this line never asks which backend runs. */
export interface Store {
  readonly location: string;
  readonly db: Kysely<VigilDatabase>;
  /** The keys kept outside the database: audit signatures, sealed two-factor secrets. */
  readonly keys: StoreKeys;
  readonly devices: DeviceRepository;
  readonly flows: FlowRepository;
  readonly ingestRuns: IngestRunRepository;
  readonly feeds: FeedRepository;
  readonly sboms: SbomRepository;
  readonly recalls: RecallRepository;
  readonly vulnerabilities: VulnerabilityRepository;
  readonly risk: RiskRepository;
  readonly register: RegisterRepository;
  readonly audit: AuditRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly apiTokens: ApiTokenRepository;
  readonly summaries: DeviceSummaryRepository;
  readonly workItems: WorkItemRepository;
  readonly alerts: AlertRepository;
  readonly baselines: BaselineRepository;
  readonly policies: PolicyRepository;
  readonly cases: CaseRepository;
  readonly mds2: Mds2Repository;
  readonly modelSupport: ModelSupportRepository;
  readonly patchCampaigns: PatchCampaignRepository;
  readonly responsibilities: ResponsibilityRepository;
  readonly procurementReviews: ProcurementReviewRepository;
  readonly relay: RelayRepository;
  close(): Promise<void>;
}

/**
 * The backend's driver, loaded only when it is the one asked for: the PostgreSQL client alone
 * costs a short command 85 ms of start-up.
 */
async function dialectFor(location: string, isPostgres: boolean): Promise<Dialect> {
  if (isPostgres) return (await import('./postgres/postgres-connection.js')).createPostgresDialect(location);
  return (await import('./sqlite/sqlite-connection.js')).createSqliteDialect(location);
}

/** `--db`, then `VIGIL_DB`, then `./vigil.db`. */
export function resolveStoreLocation(option: string | undefined, environment = process.env): string {
  return option || environment.VIGIL_DB || defaultStoreLocation;
}

/** Hides any password in a PostgreSQL URL before the location is printed or logged. */
export function redactStoreLocation(location: string): string {
  return location.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/, '$1:***@');
}

/**
 * Opens (creating and migrating as needed) the store at `location`: a `postgres://` or
 * `postgresql://` URL selects PostgreSQL, anything else is a SQLite file path.
 *
 * @example
 * const store = await openStore(resolveStoreLocation(options.db));
 * try { console.log(await store.devices.list()); } finally { await store.close(); }
 */
export async function openStore(
  location: string,
  options: { keyDirectory?: string | null } = {},
): Promise<Store> {
  const isPostgres = /^postgres(ql)?:\/\//.test(location);
  const keys = loadStoreKeys(
    options.keyDirectory === undefined ? resolveKeyDirectory(location) : options.keyDirectory,
  );
  let db: Kysely<VigilDatabase> | undefined;
  try {
    db = new Kysely<VigilDatabase>({ dialect: await dialectFor(location, isPostgres) });
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
    if (error) throw error;
  } catch (error) {
    await db?.destroy();
    throw new Error(`cannot open store ${redactStoreLocation(location)}: ${(error as Error).message}`);
  }
  const users = new UserRepository(db, new SecretBox(keys.secrets));
  // Secrets stored before they were sealed are sealed the first time the keys are at hand.
  await users.sealClearSecrets();
  return {
    location,
    db,
    keys,
    devices: new DeviceRepository(db),
    flows: new FlowRepository(db),
    ingestRuns: new IngestRunRepository(db),
    feeds: new FeedRepository(db),
    sboms: new SbomRepository(db),
    recalls: new RecallRepository(db),
    vulnerabilities: new VulnerabilityRepository(db),
    risk: new RiskRepository(db),
    register: new RegisterRepository(db),
    audit: new AuditRepository(db, keys),
    users,
    sessions: new SessionRepository(db),
    apiTokens: new ApiTokenRepository(db),
    summaries: new DeviceSummaryRepository(db),
    workItems: new WorkItemRepository(db),
    alerts: new AlertRepository(db),
    baselines: new BaselineRepository(db),
    policies: new PolicyRepository(db),
    cases: new CaseRepository(db),
    mds2: new Mds2Repository(db),
    modelSupport: new ModelSupportRepository(db),
    patchCampaigns: new PatchCampaignRepository(db),
    responsibilities: new ResponsibilityRepository(db),
    procurementReviews: new ProcurementReviewRepository(db),
    relay: new RelayRepository(db),
    close: () => db.destroy(),
  };
}
