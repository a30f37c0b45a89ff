import type { NetworkEndpoint, ObservationBase } from '../../observe/observation.js';

/**
 * A syslog message's header (RFC 5424, RFC 3164). The message text is never kept: clinical
 * systems log patient data.
 */
export interface SyslogMessageObservation extends ObservationBase {
  kind: 'syslog.message';
  sender: NetworkEndpoint;
  receiver: NetworkEndpoint;
  format: 'rfc5424' | 'rfc3164';
  /** 0 to 23 (RFC 5424 §6.2.1). */
  facility: number;
  /** 0 emergency to 7 debug. */
  severity: number;
  /** The HOSTNAME field: the name the sender gives itself. */
  hostname: string | undefined;
  appName: string | undefined;
}
