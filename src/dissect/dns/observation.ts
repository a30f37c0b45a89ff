import type { NetworkEndpoint, ObservationBase } from '../../observe/observation.js';

/** One resource record of a DNS-family answer. */
export interface DnsRecord {
  name: string;
  /** Mnemonic (`A`, `AAAA`, `PTR`, `SRV`, …) or `TYPE<n>` for others. */
  type: string;
  /** A/AAAA address, CNAME/PTR target, `target:port` for SRV, TXT strings or HINFO's CPU and OS joined by `;`; absent for other types. */
  value: string | undefined;
}

/**
 * A DNS, multicast DNS or LLMNR message (RFC 1035, 6762, 4795). mDNS responses are a device
 * announcing its own names and services; unicast answers name other devices.
 */
export interface DnsMessageObservation extends ObservationBase {
  kind: 'dns.message';
  protocol: 'dns' | 'mdns' | 'llmnr';
  isResponse: boolean;
  transactionId: number;
  /** RCODE (0 no error, 3 name error, …). */
  responseCode: number;
  sender: NetworkEndpoint;
  receiver: NetworkEndpoint;
  questions: { name: string; type: string }[];
  /** Answer and additional records (mDNS puts addresses in the additional section). */
  answers: DnsRecord[];
}
