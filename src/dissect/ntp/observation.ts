import type { NetworkEndpoint, ObservationBase } from '../../observe/observation.js';

/** An NTP message (RFC 5905): who keeps time for whom, and from which source. */
export interface NtpMessageObservation extends ObservationBase {
  kind: 'ntp.message';
  sender: NetworkEndpoint;
  receiver: NetworkEndpoint;
  version: number;
  /** `client`, `server`, `broadcast`, `symmetric-active`, `control`, … */
  mode: string;
  /** 1 for a primary clock, 2–15 for servers below it, 16 unsynchronised; absent for control messages. */
  stratum: number | undefined;
  /** Upstream address (stratum 2+) or clock name such as `GPS` (stratum 1). */
  referenceId: string | undefined;
}
