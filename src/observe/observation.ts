import type { FlowRecord } from '../flows/flow-record.js';

/**
 * Where a fact was seen, so every attribute can be traced back to the packet that proves it.
 */
export interface Evidence {
  /** The capture's name as given to ingest (`-` for standard input), or a sensor's id. */
  capture: string;
  /** 1-based packet number in the capture, as tshark's `frame.number`. */
  packetNumber: number;
  /** Byte offset of the packet's record or block in the capture. */
  fileOffset: number;
}

interface ObservationBase {
  /** When the evidence was captured, milliseconds since the epoch (fractional part keeps microseconds). */
  timestampMs: number;
  evidence: Evidence;
}

/** A MAC↔IPv4 binding announced by ARP (RFC 826): the sender of a request or reply owns both. */
export interface ArpBindingObservation extends ObservationBase {
  kind: 'arp.binding';
  /** Lower-case, colon-separated MAC of the ARP sender. */
  mac: string;
  /** IPv4 address the sender claims; absent for ARP probes (sender address 0.0.0.0, RFC 5227). */
  ip: string | undefined;
  /** 'request' or 'reply'; a gratuitous ARP is a request or reply for the sender's own address. */
  operation: 'request' | 'reply';
  isGratuitous: boolean;
  vlanId: number;
}

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

/** One end of a connection as an observation names it. */
export interface NetworkEndpoint {
  ip: string;
  port: number;
  /** The MAC its frames carried: the device itself on the same segment, a router's beyond it. */
  mac: string | undefined;
}

/**
 * An HTTP/1.x request (RFC 9112). The request target is not kept: query strings can carry
 * patient identifiers. Credentials are never kept either; only that Basic authentication was sent.
 */
export interface HttpRequestObservation extends ObservationBase {
  kind: 'http.request';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  method: string;
  /** The Host header: the name the client used for the server. */
  host: string | undefined;
  userAgent: string | undefined;
  /** True when an `Authorization: Basic` header crossed the network in clear (RFC 7617). */
  hasBasicAuthorization: boolean;
}

/** An HTTP/1.x response: the status and the `Server` header, which names the server software. */
export interface HttpResponseObservation extends ObservationBase {
  kind: 'http.response';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  statusCode: number;
  serverSoftware: string | undefined;
  /** `WWW-Authenticate` asked for Basic authentication over cleartext HTTP. */
  isBasicAuthenticationRequested: boolean;
}

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

/** A TLS ClientHello (RFC 8446 §4.1.2): what the client offered, and fingerprints of its TLS stack. */
export interface TlsClientHelloObservation extends ObservationBase {
  kind: 'tls.client-hello';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  /** Server Name Indication: the name the client asked for. */
  serverName: string | undefined;
  alpn: string[];
  /** Versions offered (supported_versions, or the legacy field), e.g. `TLSv1.3`. */
  offeredVersions: string[];
  /** JA3 MD5 hash, as tshark's `tls.handshake.ja3`. */
  ja3: string;
  /** JA4 fingerprint, e.g. `t13d1516h2_8daaf6152771_e5627efa2ab1`. */
  ja4: string;
}

/** A TLS ServerHello: the version and cipher suite the server chose. */
export interface TlsServerHelloObservation extends ObservationBase {
  kind: 'tls.server-hello';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  /** e.g. `TLSv1.2`, or `0x….` for an unknown value. */
  version: string;
  /** True for SSLv3, TLS 1.0 and TLS 1.1 (RFC 8996). */
  isDeprecatedVersion: boolean;
  cipherSuite: number;
  /** JA3S MD5 hash, as tshark's `tls.handshake.ja3s`. */
  ja3s: string;
}

/** The server certificate, visible in clear up to TLS 1.2. */
export interface TlsCertificateObservation extends ObservationBase {
  kind: 'tls.certificate';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  subject: string;
  issuer: string;
  /** ISO-8601 validity bounds. */
  validFrom: string;
  validTo: string;
  isSelfSigned: boolean;
}

/** An SSH identification string (RFC 4253 §4.2), sent in clear by each side. */
export interface SshBannerObservation extends ObservationBase {
  kind: 'ssh.banner';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  /** Whether the server (the responder) sent it. */
  isFromServer: boolean;
  /** The whole line, e.g. `SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3`. */
  banner: string;
  protocolVersion: string;
  software: string;
  comments: string | undefined;
}

/** An FTP server's 220 greeting, which often names its software (RFC 959 §4.2). */
export interface FtpGreetingObservation extends ObservationBase {
  kind: 'ftp.greeting';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  greeting: string;
}

/**
 * An FTP login in clear: the user name, whether a password was sent, and the server's verdict.
 * The password is never kept.
 */
export interface FtpLoginObservation extends ObservationBase {
  kind: 'ftp.login';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  username: string;
  /** `anonymous` or `ftp`, the conventional anonymous logins (RFC 1635). */
  isAnonymous: boolean;
  isPasswordSent: boolean;
  /** 230 (logged in) rather than 530. */
  isAccepted: boolean;
}

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

/**
 * A neighbour advertisement: LLDP (IEEE 802.1AB) or Cisco's CDP. Switches, phones, and many
 * monitors and modalities announce their name, description, capabilities and management address.
 */
export interface NeighbourAdvertisementObservation extends ObservationBase {
  kind: 'neighbour.advertisement';
  protocol: 'lldp' | 'cdp';
  /** The frame's source MAC: the advertising port. */
  sourceMac: string;
  /** LLDP chassis ID or CDP device ID, as text (a MAC, a name, …). */
  chassisId: string | undefined;
  portId: string | undefined;
  systemName: string | undefined;
  /** LLDP system description or CDP software version. */
  systemDescription: string | undefined;
  /** CDP platform (the hardware model). */
  platform: string | undefined;
  /** Enabled capabilities, e.g. `bridge`, `router`, `station`. */
  capabilities: string[];
  /** The first IPv4 or IPv6 management address. */
  managementAddress: string | undefined;
  vlanId: number;
}

/**
 * A syslog message's header (RFC 5424, RFC 3164). The message text is never kept: clinical
 * systems log patient data.
 */
export interface SyslogMessageObservation extends ObservationBase {
  kind: 'syslog.message';
  sender: NetworkEndpoint;
  receiver: NetworkEndpoint;
  format: 'rfc5424' | 'rfc3164';
  /** 0 to 23 (RFC 5424 §6.2.1). */
  facility: number;
  /** 0 emergency to 7 debug. */
  severity: number;
  /** The HOSTNAME field: the name the sender gives itself. */
  hostname: string | undefined;
  appName: string | undefined;
}

/** An NTP message (RFC 5905): who keeps time for whom, and from which source. */
export interface NtpMessageObservation extends ObservationBase {
  kind: 'ntp.message';
  sender: NetworkEndpoint;
  receiver: NetworkEndpoint;
  version: number;
  /** `client`, `server`, `broadcast`, `symmetric-active`, `control`, … */
  mode: string;
  /** 1 for a primary clock, 2–15 for servers below it, 16 unsynchronised; absent for control messages. */
  stratum: number | undefined;
  /** Upstream address (stratum 2+) or clock name such as `GPS` (stratum 1). */
  referenceId: string | undefined;
}

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

/** An SMB negotiate exchange ([MS-CIFS] §2.2.4.52, [MS-SMB2] §2.2.3–2.2.4), reported on the answer. */
export interface SmbNegotiateObservation extends ObservationBase {
  kind: 'smb.negotiate';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  /** SMB1 dialect strings (`NT LM 0.12`, `SMB 2.002`) or SMB2 versions (`3.1.1`), as the client listed them. */
  offeredDialects: string[];
  /** The server's choice; undefined when it accepted none of them. */
  chosenDialect: string | undefined;
  /** The server answered in SMB1: the connection runs SMBv1. */
  isSmb1: boolean;
  /** The server requires message signing (without it, NTLM relaying is possible). */
  isSigningRequired: boolean;
}

/**
 * What one side of an SMB session setup says about its host: SMB1's native OS and LAN manager
 * strings and the NTLMSSP names and Windows version. Never user names, hashes or passwords.
 */
export interface SmbHostInfoObservation extends ObservationBase {
  kind: 'smb.host-info';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  isFromServer: boolean;
  /** e.g. `Windows 5.1`, `Windows 7 Professional 7601 Service Pack 1`, `Unix`. */
  nativeOs: string | undefined;
  /** e.g. `Windows 2000 LAN Manager`, `Samba 4.17.12-Debian`. */
  nativeLanManager: string | undefined;
  /** The NTLMSSP VERSION field, `major.minor.build` (Windows sends its own; Samba sends 6.1.0). */
  ntlmOsVersion: string | undefined;
  /** A server's names from its NTLMSSP challenge. */
  netbiosComputerName: string | undefined;
  netbiosDomainName: string | undefined;
  dnsComputerName: string | undefined;
  dnsDomainName: string | undefined;
  /** A client's workstation name and the account's domain from its NTLMSSP authenticate message. */
  workstation: string | undefined;
  domain: string | undefined;
}

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

/** A telnet server's banner and login prompt, which often name the host and its system. */
export interface TelnetBannerObservation extends ObservationBase {
  kind: 'telnet.banner';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  /** Text lines before the prompt (e.g. `Debian GNU/Linux 12`, a product name), joined by ` | `. */
  banner: string | undefined;
  /** The prompt itself, e.g. `ct-console login:`. */
  loginPrompt: string;
  /** The host name login programs put before `login:`. */
  promptHostname: string | undefined;
}

/** A telnet login in clear: the user name, that a password was sent, and the verdict. Never the password. */
export interface TelnetLoginObservation extends ObservationBase {
  kind: 'telnet.login';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  username: string | undefined;
  isPasswordSent: boolean;
  /** False when the server answered with `Login incorrect` or asked again; true when it went on. */
  isAccepted: boolean;
}

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

/** A VNC (RFB, RFC 6143) handshake: protocol versions and security types offered and used. */
export interface VncHandshakeObservation extends ObservationBase {
  kind: 'vnc.handshake';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  /** e.g. `003.008`. */
  serverVersion: string;
  clientVersion: string;
  offeredSecurityTypes: string[];
  /** `none` lets anyone take the screen, keyboard and mouse. */
  securityType: string;
}

/** The desktop a VNC server announces after the handshake (ServerInit, RFC 6143 §7.3.2). */
export interface VncDesktopObservation extends ObservationBase {
  kind: 'vnc.desktop';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  width: number;
  height: number;
  /** Often the host and user (`ct-console:1 (service)`) or the application. */
  desktopName: string;
}

/** A Modbus/TCP unit and function a connection used, reported once per connection. */
export interface ModbusMessageObservation extends ObservationBase {
  kind: 'modbus.message';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  isRequest: boolean;
  unitId: number;
  functionCode: number;
  functionName: string;
  /** The function changes coils, registers or files. */
  isWrite: boolean;
  /** Set on an exception reply (Modbus Application Protocol §7). */
  exceptionCode: number | undefined;
}

/** A BACnet/IP message (ASHRAE 135 Annex J); an I-Am identifies the device. */
export interface BacnetMessageObservation extends ObservationBase {
  kind: 'bacnet.message';
  sender: NetworkEndpoint;
  receiver: NetworkEndpoint;
  bvlcFunction: string;
  apduType: string | undefined;
  /** e.g. `who-is`, `i-am`, `read-property`. */
  service: string | undefined;
  /** From an I-Am: the device object's instance number, unique on the BACnet internetwork. */
  deviceInstance: number | undefined;
  maxApdu: number | undefined;
  /** ASHRAE-assigned vendor identifier. */
  vendorId: number | undefined;
}

/** A flow that ended (idle, evicted, or at the end of the capture), with its counters. */
export interface FlowSummaryObservation extends ObservationBase {
  kind: 'flow.summary';
  flow: FlowRecord;
}

/** The currency between dissectors and every later stage. */
export type Observation =
  | ArpBindingObservation
  | DhcpMessageObservation
  | FlowSummaryObservation
  | DnsMessageObservation
  | HttpRequestObservation
  | HttpResponseObservation
  | TlsClientHelloObservation
  | TlsServerHelloObservation
  | TlsCertificateObservation
  | SshBannerObservation
  | FtpGreetingObservation
  | FtpLoginObservation
  | SnmpMessageObservation
  | NeighbourAdvertisementObservation
  | SyslogMessageObservation
  | NtpMessageObservation
  | Dhcpv6MessageObservation
  | SmbNegotiateObservation
  | SmbHostInfoObservation
  | NbnsMessageObservation
  | TelnetBannerObservation
  | TelnetLoginObservation
  | RdpNegotiationObservation
  | VncHandshakeObservation
  | VncDesktopObservation
  | ModbusMessageObservation
  | BacnetMessageObservation;

export type ObservationKind = Observation['kind'];

/** Receives observations as dissectors produce them. */
export type ObservationSink = (observation: Observation) => void;
