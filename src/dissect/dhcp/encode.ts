import { ipv4Bytes, macBytes } from '../../decode/encode-frame.js';
import { BootpField, BootpOp, DhcpOption, dhcpMagicCookie, dhcpMessageTypes } from './consts.js';
import type { DhcpMessageType } from './observation.js';

export interface DhcpMessageOptions {
  messageType: DhcpMessageType;
  transactionId: number;
  clientMac: string;
  clientIp?: string;
  leasedIp?: string;
  relayIp?: string;
  hostname?: string;
  vendorClass?: string;
  requestedIp?: string;
  serverId?: string;
  parameterRequestList?: readonly number[];
  clientId?: Buffer;
  leaseTimeSeconds?: number;
}

/**
 * A DHCPv4 message (the UDP payload) as RFC 2131 lays it out. Requests (discover, request,
 * decline, release, inform) are BOOTREQUEST, the rest BOOTREPLY.
 */
export function encodeDhcpMessage(options: DhcpMessageOptions): Buffer {
  const fixed = Buffer.alloc(BootpField.options);
  const isRequest = ['discover', 'request', 'decline', 'release', 'inform'].includes(options.messageType);
  fixed[BootpField.op] = isRequest ? BootpOp.request : BootpOp.reply;
  fixed[BootpField.hardwareType] = 1;
  fixed[BootpField.hardwareLength] = 6;
  fixed.writeUInt32BE(options.transactionId >>> 0, BootpField.transactionId);
  if (options.clientIp) ipv4Bytes(options.clientIp).copy(fixed, BootpField.clientIp);
  if (options.leasedIp) ipv4Bytes(options.leasedIp).copy(fixed, BootpField.yourIp);
  if (options.relayIp) ipv4Bytes(options.relayIp).copy(fixed, BootpField.relayIp);
  macBytes(options.clientMac).copy(fixed, BootpField.clientHardwareAddress);
  fixed.writeUInt32BE(dhcpMagicCookie, BootpField.magicCookie);
  const option = (code: number, value: Buffer) => Buffer.concat([Buffer.from([code, value.length]), value]);
  const parts = [
    fixed,
    option(DhcpOption.messageType, Buffer.from([dhcpMessageTypes.indexOf(options.messageType)])),
  ];
  if (options.hostname) parts.push(option(DhcpOption.hostname, Buffer.from(options.hostname)));
  if (options.requestedIp) parts.push(option(DhcpOption.requestedIp, ipv4Bytes(options.requestedIp)));
  if (options.serverId) parts.push(option(DhcpOption.serverId, ipv4Bytes(options.serverId)));
  if (options.vendorClass) parts.push(option(DhcpOption.vendorClass, Buffer.from(options.vendorClass)));
  if (options.clientId) parts.push(option(DhcpOption.clientId, options.clientId));
  if (options.parameterRequestList) {
    parts.push(option(DhcpOption.parameterRequestList, Buffer.from(options.parameterRequestList)));
  }
  if (options.leaseTimeSeconds !== undefined) {
    const value = Buffer.alloc(4);
    value.writeUInt32BE(options.leaseTimeSeconds);
    parts.push(option(DhcpOption.leaseTime, value));
  }
  parts.push(Buffer.from([DhcpOption.end]));
  const message = Buffer.concat(parts);
  // BOOTP's historical minimum message of 300 bytes, which many servers still expect.
  return message.length >= 300 ? message : Buffer.concat([message, Buffer.alloc(300 - message.length)]);
}
