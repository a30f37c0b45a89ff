/**
 * A sensor as the collector keeps it (see `relay-repository.ts`). Imports nothing: the console
 * reads the same definition.
 */

/** What a full outbox turned away, by kind: messages, and the items they held. */
export interface DroppedCounts {
  flowsMessages: number;
  flows: number;
  devicesMessages: number;
  devices: number;
  detectionsMessages: number;
  detections: number;
}

/** A sensor's last heartbeat. */
export interface SensorHealth {
  packets: number;
  packetsPerSecond: number;
  droppedByKernel: number;
  lagMs: number | null;
  outboxMessages: number;
  outboxBytes: number;
  outboxDropped: DroppedCounts;
  lastCommitAt: string | null;
}

export interface SensorRow {
  id: string;
  site: string;
  name: string;
  firstHeard: string;
  lastHeard: string;
  messages: number;
  health: SensorHealth | null;
}
