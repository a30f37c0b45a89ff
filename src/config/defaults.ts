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
}

export const defaultPipelineConfig: Readonly<PipelineConfig> = Object.freeze({
  flowIdleTimeoutMs: 120_000,
  maxFlows: 262_144,
  flowExpiryIntervalMs: 1_000,
  maxStreamBufferBytes: 256 * 1024,
  maxReassemblyBufferBytes: 64 * 1024 * 1024,
  storeBatchRows: 1_000,
  deviceSilentAfterMs: 24 * 60 * 60 * 1000,
});

export function pipelineConfig(overrides: Partial<PipelineConfig> = {}): Readonly<PipelineConfig> {
  return Object.freeze({ ...defaultPipelineConfig, ...overrides });
}
