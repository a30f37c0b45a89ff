/**
 * How much one observation alone establishes an attribute, 0 to 1. Documented here, not scattered,
 * so an analyst can see why a value outranks another.
 */
export const attributeConfidence = {
  /** The frame's own source or chaddr: the MAC is the device's (or its randomised stand-in). */
  macFromLinkLayer: 1,
  /** The address a DHCP server acknowledged leasing to this MAC. */
  ipFromDhcpAck: 0.95,
  /** The address a client says it already uses (ciaddr). */
  ipFromDhcpClient: 0.9,
  /** ARP sender bindings can be proxied or spoofed. */
  ipFromArp: 0.8,
  /** A DHCP server's own identifier and source, when it was not relayed. */
  ipFromDhcpServer: 0.9,
  /** The host name the client itself sent (option 12 or 81). */
  hostnameFromClient: 0.9,
  /** An address seen as the source or destination of a recognised protocol exchange. */
  ipFromTraffic: 0.8,
  /** A management address a device advertises (LLDP/CDP): maybe on another of its interfaces. */
  ipFromManagementAddress: 0.6,
  /** A host name the server assigned; it names the lease, not necessarily the device. */
  hostnameFromServer: 0.7,
  /** Option 60/61/55 as sent by the client. */
  dhcpClientOption: 0.9,
  /** Option 50: the address a client asks for, which the server may refuse. */
  requestedAddress: 0.5,
  /** The IEEE registry names who bought the prefix: often the NIC maker, not the device maker. */
  vendorFromOui: 0.6,
  /** A name a device announces for itself over multicast DNS or answers for over LLMNR. */
  hostnameFromMdns: 0.8,
  /** The HOSTNAME a device writes into its own syslog messages. */
  hostnameFromSyslog: 0.6,
  /** The host name a login prompt shows (`ct-console login:`). */
  hostnameFromPrompt: 0.6,
  /** A name a DNS server gives for an address: the zone may be stale. */
  hostnameFromDnsAnswer: 0.6,
  /** Software named by its own banner or header (HTTP Server, User-Agent): honest, but easily changed. */
  softwareFromBanner: 0.7,
  /** What a device's SNMP agent reports about itself (sysDescr, sysName): configured by its owner. */
  selfDescription: 0.8,
  /** An operating system inferred from a word in a banner (a distribution's package suffix). */
  osFromBanner: 0.5,
  /** The computer name a host gives in its own NTLMSSP messages (SMB session setup). */
  hostnameFromSmb: 0.8,
  /** A NetBIOS name a host registers or answers for itself. */
  hostnameFromNetbios: 0.8,
  /** The Windows version a host's NTLMSSP or SMB1 session setup reports: set by its own stack. */
  osFromSmb: 0.8,
  /** An operating system recognised by the exact DHCP option-55 list its stack sends. */
  osFromDhcpFingerprint: 0.6,
  /**
   * A clinical role shown by the clinical messages a device exchanges (it sends CT images, ORU
   * results): true of most, not of a forwarding archive or interface engine.
   */
  clinicalRoleFromMessages: 0.6,
  /** Equipment a data set names (General Equipment module): the sender's own only if it made the images. */
  identityFromDicomDataset: 0.5,
  /** A role shown by the device's own behaviour (it answered as a DHCP server). */
  roleFromBehaviour: 0.9,
  /** The U/L bit is read from the address itself. */
  macFlag: 1,
} as const;
