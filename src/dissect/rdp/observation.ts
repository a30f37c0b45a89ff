import type { NetworkEndpoint, ObservationBase } from '../../observe/observation.js';

/** An RDP connection setup ([MS-RDPBCGR] §1.3.1.1): what the client asked for and the server chose. */
export interface RdpNegotiationObservation extends ObservationBase {
  kind: 'rdp.negotiation';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  /** `rdp` (standard RDP security), `tls`, `credssp` (network-level authentication), … */
  requestedProtocols: string[];
  /** The client sent a `Cookie: mstshash=` line (its value, a user name, is not kept). */
  hasCookie: boolean;
  /** The server's choice; undefined when it refused. */
  selectedProtocol: string | undefined;
  /** RDP_NEG_FAILURE code when the server refused ([MS-RDPBCGR] §2.2.1.2.2). */
  failureCode: number | undefined;
}
