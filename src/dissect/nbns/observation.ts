import type { NetworkEndpoint, ObservationBase } from '../../observe/observation.js';

/** A NetBIOS name and what it is bound to, as NBNS carries it. */
export interface NbnsNameRecord {
  /** The name without padding, e.g. `PACS-ARCHIVE`. */
  name: string;
  /** The type byte: 0x00 workstation, 0x20 file server, 0x1b domain master browser, … */
  suffix: number;
  isGroup: boolean;
  /** The IPv4 address an NB record binds the name to; absent in node-status tables. */
  address: string | undefined;
}

/** A NetBIOS Name Service message (RFC 1002): registrations, queries, answers and node status. */
export interface NbnsMessageObservation extends ObservationBase {
  kind: 'nbns.message';
  sender: NetworkEndpoint;
  receiver: NetworkEndpoint;
  /** `query`, `registration`, `release`, `refresh`, `wack`, `multihomed-registration`. */
  opcode: string;
  isResponse: boolean;
  name: string | undefined;
  suffix: number | undefined;
  records: NbnsNameRecord[];
  /** The responder's own name table, from a node-status answer. */
  nodeNames: NbnsNameRecord[];
}
