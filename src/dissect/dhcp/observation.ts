import type { ObservationBase } from '../../observe/observation.js';

/** DHCPv4 message types (RFC 2132 §9.6). */
export type DhcpMessageType =
  | 'discover'
  | 'offer'
  | 'request'
  | 'decline'
  | 'ack'
  | 'nak'
  | 'release'
  | 'inform'
  | 'unknown';

/**
 * One DHCPv4 message (RFC 2131). Facts in it are about the client (`clientMac`, identified by
 * `chaddr`), whether the client or a server sent it; `isFromClient` says which.
 */
export interface DhcpMessageObservation extends ObservationBase {
  kind: 'dhcp.message';
  messageType: DhcpMessageType;
  /** True for BOOTREQUEST (client to server), false for BOOTREPLY. */
  isFromClient: boolean;
  transactionId: number;
  /** The client's hardware address from `chaddr`. */
  clientMac: string;
  /** The link-layer source of the message (the server or relay for replies), when captured. */
  senderMac: string | undefined;
  /** The IP source of the message. */
  senderIp: string;
  /** `yiaddr` in an ACK: the address leased to the client. Absent otherwise. */
  leasedIp: string | undefined;
  /** `giaddr`: the relay agent that forwarded the message, when relayed; the sender is then the relay. */
  relayIp: string | undefined;
  /** `ciaddr`: the address the client already uses (renewal, inform). */
  clientIp: string | undefined;
  /** Option 50, the address the client asks for. */
  requestedIp: string | undefined;
  /** Option 54, the server identifier. */
  serverId: string | undefined;
  /** Option 12, the host name the client gives (or the server assigns). */
  hostname: string | undefined;
  /** Option 60, e.g. `MSFT 5.0` or a vendor's device family. */
  vendorClass: string | undefined;
  /** Option 61 as lower-case hex, type byte first. */
  clientId: string | undefined;
  /** Option 81, the client's fully qualified domain name (RFC 4702). */
  fqdn: string | undefined;
  /** Option 55 codes in the order the client listed them: a fingerprint of its DHCP stack. */
  parameterRequestList: number[] | undefined;
  /** Option 51 in seconds. */
  leaseTimeSeconds: number | undefined;
  vlanId: number;
}
