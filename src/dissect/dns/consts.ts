/** UDP ports: unicast DNS (RFC 1035), multicast DNS (RFC 6762), LLMNR (RFC 4795). */
export const dnsPort = 53;
export const mdnsPort = 5353;
export const llmnrPort = 5355;

/** Resource record types Vigil reads (RFC 1035 §3.2.2, RFC 3596, RFC 2782); HINFO is what mDNS responders publish as CPU and OS. */
export const DnsRecordType = {
  a: 1,
  cname: 5,
  ptr: 12,
  hinfo: 13,
  txt: 16,
  aaaa: 28,
  srv: 33,
  any: 255,
} as const;

export const dnsRecordTypeNames: Record<number, string> = {
  1: 'A',
  2: 'NS',
  5: 'CNAME',
  6: 'SOA',
  12: 'PTR',
  13: 'HINFO',
  15: 'MX',
  16: 'TXT',
  28: 'AAAA',
  33: 'SRV',
  47: 'NSEC',
  65: 'HTTPS',
  255: 'ANY',
};

/** Records read per section; a message with more is read up to here (real ones have few). */
export const maxRecordsPerSection = 32;
