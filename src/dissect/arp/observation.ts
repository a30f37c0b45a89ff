import type { ObservationBase } from '../../observe/observation.js';

/** A MAC↔IPv4 binding announced by ARP (RFC 826): the sender of a request or reply owns both. */
export interface ArpBindingObservation extends ObservationBase {
  kind: 'arp.binding';
  /** Lower-case, colon-separated MAC of the ARP sender. */
  mac: string;
  /** IPv4 address the sender claims; absent for ARP probes (sender address 0.0.0.0, RFC 5227). */
  ip: string | undefined;
  /** The IPv4 address asked about (request) or answered to (reply): a sweep asks for many. */
  targetIp: string;
  /** 'request' or 'reply'; a gratuitous ARP is a request or reply for the sender's own address. */
  operation: 'request' | 'reply';
  isGratuitous: boolean;
  vlanId: number;
}
