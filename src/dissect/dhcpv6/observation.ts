import type { NetworkEndpoint, ObservationBase } from '../../observe/observation.js';

/** A DHCPv6 message (RFC 8415) between a client and a server (relayed messages are not read). */
export interface Dhcpv6MessageObservation extends ObservationBase {
  kind: 'dhcpv6.message';
  messageType: string;
  isFromClient: boolean;
  transactionId: number;
  sender: NetworkEndpoint;
  receiver: NetworkEndpoint;
  /** The client's DUID as lower-case hex. */
  clientDuid: string | undefined;
  /** The link-layer address inside a DUID-LL or DUID-LLT, often the client's MAC. */
  duidLinkLayerAddress: string | undefined;
  /** Option 39, the client's fully qualified domain name (RFC 4704). */
  fqdn: string | undefined;
  /** Option 16 as `enterprise-number:data`. */
  vendorClass: string | undefined;
  /** Option 6 codes in the order sent: a fingerprint of the client's stack. */
  optionRequestList: number[] | undefined;
  /** Addresses in IA_NA options: offered or leased by the server, or asked for by the client. */
  addresses: string[];
}
