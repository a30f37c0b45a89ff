import type { DhcpMessageType } from './observation.js';

/** UDP ports of BOOTP/DHCPv4 (RFC 2131 §4.1). */
export const dhcpServerPort = 67;
export const dhcpClientPort = 68;

/** The magic cookie that starts the options field (RFC 2131 §3). */
export const dhcpMagicCookie = 0x63825363;

/** Offsets in the fixed BOOTP header (RFC 2131 §2, figure 1). */
export const BootpField = {
  op: 0,
  hardwareType: 1,
  hardwareLength: 2,
  transactionId: 4,
  clientIp: 12,
  yourIp: 16,
  relayIp: 24,
  clientHardwareAddress: 28,
  magicCookie: 236,
  options: 240,
} as const;

export const BootpOp = { request: 1, reply: 2 } as const;

/** Option codes Vigil reads (RFC 2132, RFC 4702). */
export const DhcpOption = {
  pad: 0,
  hostname: 12,
  requestedIp: 50,
  leaseTime: 51,
  messageType: 53,
  serverId: 54,
  parameterRequestList: 55,
  vendorClass: 60,
  clientId: 61,
  clientFqdn: 81,
  end: 255,
} as const;

/** Option 53 values (RFC 2132 §9.6). */
export const dhcpMessageTypes: readonly DhcpMessageType[] = [
  'unknown',
  'discover',
  'offer',
  'request',
  'decline',
  'ack',
  'nak',
  'release',
  'inform',
];
