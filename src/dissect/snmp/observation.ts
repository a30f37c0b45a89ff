import type { NetworkEndpoint, ObservationBase } from '../../observe/observation.js';

/**
 * An SNMP message (RFC 1157, RFC 3416). The community string is a password: only whether it is a
 * well-known default is kept, never its value.
 */
export interface SnmpMessageObservation extends ObservationBase {
  kind: 'snmp.message';
  sender: NetworkEndpoint;
  receiver: NetworkEndpoint;
  version: 'v1' | 'v2c' | 'v3';
  /** `get`, `get-next`, `response`, `set`, `trap`, …; undefined for v3 (encrypted or not parsed). */
  pduType: string | undefined;
  /** The community is one of the defaults in `dissect/snmp/consts.ts` (v1/v2c only). */
  isDefaultCommunity: boolean;
  /** MIB-II system group values carried in the message (RFC 1213), when present. */
  sysDescr: string | undefined;
  sysName: string | undefined;
  sysObjectId: string | undefined;
}
