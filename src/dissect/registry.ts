import { arpProtocol } from './arp/index.js';
import { bacnetProtocol } from './bacnet/index.js';
import { dhcpProtocol } from './dhcp/index.js';
import { dhcpv6Protocol } from './dhcpv6/index.js';
import { dicomProtocol } from './dicom/index.js';
import type { Dissector } from './dissector.js';
import { dnsProtocol } from './dns/index.js';
import { fhirProtocol } from './fhir/index.js';
import { ftpProtocol } from './ftp/index.js';
import { hl7Protocol } from './hl7/index.js';
import { httpProtocolCarrying } from './http/index.js';
import { lldpProtocol } from './lldp/index.js';
import { modbusProtocol } from './modbus/index.js';
import { nbnsProtocol } from './nbns/index.js';
import { ntpProtocol } from './ntp/index.js';
import { poct1aProtocol } from './poct1a/index.js';
import type { ObservationOf, Protocol } from './protocol.js';
import { rdpProtocol } from './rdp/index.js';
import { sdcProtocol } from './sdc/index.js';
import { smbProtocol } from './smb/index.js';
import { snmpProtocol } from './snmp/index.js';
import { sshProtocol } from './ssh/index.js';
import type { StreamDissector } from './stream-dissector.js';
import { syslogProtocol } from './syslog/index.js';
import { telnetProtocol } from './telnet/index.js';
import { tlsProtocol } from './tls/index.js';
import { vncProtocol } from './vnc/index.js';

/**
 * Protocols carried, wholly or in part, in HTTP messages (FHIR; DPWS metadata for SDC): the HTTP
 * dissector hands each the exchanges it claims.
 */
const overHttp = [fhirProtocol, sdcProtocol] as const;

/**
 * Every protocol Vigil reads. Adding a protocol adds its folder and one line here (in `overHttp`
 * for one carried by HTTP); the pipeline's dissectors, the Observation union and the inventory's
 * folding all follow from this list.
 * Stream dissectors are tried in this order on each new connection.
 */
export const protocols = [
  arpProtocol,
  dhcpProtocol,
  dhcpv6Protocol,
  dnsProtocol,
  nbnsProtocol,
  ntpProtocol,
  snmpProtocol,
  lldpProtocol,
  syslogProtocol,
  bacnetProtocol,
  httpProtocolCarrying(overHttp.flatMap(({ httpApplication }) => httpApplication ?? [])),
  tlsProtocol,
  sshProtocol,
  ftpProtocol,
  smbProtocol,
  telnetProtocol,
  rdpProtocol,
  vncProtocol,
  modbusProtocol,
  dicomProtocol,
  hl7Protocol,
  poct1aProtocol,
  ...overHttp,
] as const;

/** What the pipeline needs of any protocol, whatever it observes. */
type AnyProtocol = Pick<Protocol<{ kind: string }>, 'packetDissector' | 'streamDissector'>;

/** The observations of every registered protocol. */
export type RegisteredObservation = ObservationOf<(typeof protocols)[number]>;

/** Dissectors of single packets, all run on every packet they match. */
export const dissectors: readonly Dissector[] = protocols.flatMap(({ packetDissector }: AnyProtocol) =>
  packetDissector === undefined ? [] : [packetDissector],
);

/** Dissectors of protocols carried over reassembled TCP, tried in order on each new connection. */
export const streamDissectors: readonly StreamDissector[] = protocols.flatMap(
  ({ streamDissector }: AnyProtocol) => (streamDissector === undefined ? [] : [streamDissector]),
);
