import { arpDissector } from './arp/index.js';
import { bacnetDissector } from './bacnet/index.js';
import { dhcpDissector } from './dhcp/index.js';
import { dhcpv6Dissector } from './dhcpv6/index.js';
import type { Dissector } from './dissector.js';
import { dnsDissector } from './dns/index.js';
import { ftpDissector } from './ftp/index.js';
import { httpDissector } from './http/index.js';
import { lldpDissector } from './lldp/index.js';
import { modbusDissector } from './modbus/index.js';
import { nbnsDissector } from './nbns/index.js';
import { ntpDissector } from './ntp/index.js';
import { rdpDissector } from './rdp/index.js';
import { smbDissector } from './smb/index.js';
import { snmpDissector } from './snmp/index.js';
import { sshDissector } from './ssh/index.js';
import type { StreamDissector } from './stream-dissector.js';
import { syslogDissector } from './syslog/index.js';
import { telnetDissector } from './telnet/index.js';
import { tlsDissector } from './tls/index.js';
import { vncDissector } from './vnc/index.js';

/** Every dissector Vigil runs, in the order they are tried. Adding a protocol adds one line here. */
export const dissectors: readonly Dissector[] = [
  arpDissector,
  dhcpDissector,
  dnsDissector,
  snmpDissector,
  lldpDissector,
  syslogDissector,
  ntpDissector,
  dhcpv6Dissector,
  nbnsDissector,
  bacnetDissector,
];

/** Dissectors of protocols carried over reassembled TCP, tried in order on each new connection. */
export const streamDissectors: readonly StreamDissector[] = [
  httpDissector,
  tlsDissector,
  sshDissector,
  ftpDissector,
  smbDissector,
  telnetDissector,
  rdpDissector,
  vncDissector,
  modbusDissector,
];
