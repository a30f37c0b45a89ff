/**
 * Every tunable of the pipeline in one place, with its unit in the name. Values are defaults;
 * callers pass overrides, and the resulting config is frozen at construction.
 */
export interface PipelineConfig {
  /** Flows with no packet for this long (capture time) are ended and reported. */
  flowIdleTimeoutMs: number;
  /** Most flows tracked at once; beyond it the least recently seen flow is ended early. */
  maxFlows: number;
  /** How often (capture time) the flow table looks for idle flows. */
  flowExpiryIntervalMs: number;
  /** Out-of-order TCP bytes held per connection direction before a gap is declared. */
  maxStreamBufferBytes: number;
  /** Out-of-order TCP bytes held across all connections. */
  maxReassemblyBufferBytes: number;
  /** Rows written per database transaction during ingest. */
  storeBatchRows: number;
  /** A device unseen for this long before the latest traffic in the store gets a `went-silent` event. */
  deviceSilentAfterMs: number;
  /**
   * How often (wall time) an ingest commits what it has learned so far: flows, devices and their
   * findings, alerts. Killed, it loses at most this long of work, and run again it resumes.
   */
  commitIntervalMs: number;
  /**
   * How often (wall time) a live capture's baselines learn from, and the review detectors judge,
   * the hosts' activity since the last time: a capture file's is judged once, at its end.
   */
  reviewIntervalMs: number;
}

export const defaultPipelineConfig: Readonly<PipelineConfig> = Object.freeze({
  flowIdleTimeoutMs: 120_000,
  maxFlows: 262_144,
  flowExpiryIntervalMs: 1_000,
  maxStreamBufferBytes: 256 * 1024,
  maxReassemblyBufferBytes: 64 * 1024 * 1024,
  storeBatchRows: 1_000,
  deviceSilentAfterMs: 24 * 60 * 60 * 1000,
  commitIntervalMs: 5_000,
  reviewIntervalMs: 15 * 60_000,
});

export function pipelineConfig(overrides: Partial<PipelineConfig> = {}): Readonly<PipelineConfig> {
  return Object.freeze({ ...defaultPipelineConfig, ...overrides });
}

/** Tunables of `vigil serve`: sessions, sign-in throttling and the console's refresh. */
export interface ServerConfig {
  /** A session unused for this long ends (HIPAA §164.312(a)(2)(iii) asks for automatic logoff). */
  sessionIdleTimeoutMs: number;
  /** How often an open event stream checks that its session or token still holds. */
  eventStreamCheckMs: number;
  /** Event streams one session or token may hold open at once. */
  eventStreamsPerCaller: number;
  /** A session ends this long after sign-in, however busy. */
  sessionAbsoluteTimeoutMs: number;
  /** A sign-in that stopped between password and second factor is forgotten after this long. */
  secondFactorTimeoutMs: number;
  /**
   * Consecutive failed sign-ins (password, second factor or current password) from one address
   * that lock the account for that address; a known name and an unknown one alike.
   */
  maxFailedLogins: number;
  /** How long the first lock lasts; each further lock of the same name and address lasts twice as long. */
  lockoutMs: number;
  /** The longest a lock of one name and address grows to. */
  maxLockoutMs: number;
  /**
   * Consecutive failed sign-ins from any addresses that lock the account for everyone, for
   * `lockoutMs` and no longer: a guesser spread over many addresses is stopped, and one
   * anonymous caller (locked out of the name after `maxFailedLogins`) cannot reach it alone.
   */
  accountLockAfterFailures: number;
  /** Sign-in attempts one address may make per window before it is told to wait (429). */
  loginAttemptsPerAddress: number;
  loginAttemptWindowMs: number;
  /** How often the server looks for changes made outside it (a CLI ingest, an import). */
  summaryPollIntervalMs: number;
  /**
   * How often the server follows commits (an ingest, a sensor or a collector writing the same
   * store) and rebuilds the inventory rows of the devices they wrote, and tells open consoles.
   */
  commitFollowIntervalMs: number;
  /**
   * How far back each look at commits reaches again: a transaction stamps its devices before it
   * commits, so one that took this long to commit is still seen.
   */
  commitLookBackMs: number;
  /**
   * A device a commit only saw again has its last sighting moved straight into its inventory row;
   * what its flows add to its risk (peers, Internet, untrusted networks) is read again when its
   * row was last built longer ago than this, at most `agedRowsPerFollow` such rows per follow.
   */
  summaryMaxAgeMs: number;
  agedRowsPerFollow: number;
  /** Largest page of the inventory table. */
  maxPageSize: number;
}

export const defaultServerConfig: Readonly<ServerConfig> = Object.freeze({
  sessionIdleTimeoutMs: 15 * 60 * 1000,
  eventStreamCheckMs: 15 * 1000,
  eventStreamsPerCaller: 4,
  sessionAbsoluteTimeoutMs: 12 * 60 * 60 * 1000,
  secondFactorTimeoutMs: 5 * 60 * 1000,
  maxFailedLogins: 5,
  lockoutMs: 15 * 60 * 1000,
  maxLockoutMs: 24 * 60 * 60 * 1000,
  accountLockAfterFailures: 20,
  loginAttemptsPerAddress: 20,
  loginAttemptWindowMs: 60 * 1000,
  summaryPollIntervalMs: 5_000,
  commitFollowIntervalMs: 1_000,
  commitLookBackMs: 2_000,
  summaryMaxAgeMs: 15 * 60 * 1000,
  agedRowsPerFollow: 100,
  maxPageSize: 500,
});

export function serverConfig(overrides: Partial<ServerConfig> = {}): Readonly<ServerConfig> {
  return Object.freeze({ ...defaultServerConfig, ...overrides });
}

/**
 * Administrator API tokens pass no second factor, so they do not live for ever: without an
 * expiry they stop after `administratorDefaultMs`, and none may be given more than `administratorMaxMs`.
 */
export const apiTokenLifetimes = Object.freeze({
  administratorDefaultMs: 30 * 24 * 60 * 60 * 1000,
  administratorMaxMs: 90 * 24 * 60 * 60 * 1000,
});
