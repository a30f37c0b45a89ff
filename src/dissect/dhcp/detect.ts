import { IpProtocol, type PacketView } from '../../decode/packet-view.js';
import { BootpField, dhcpClientPort, dhcpMagicCookie, dhcpServerPort } from './consts.js';

/** DHCPv4 is UDP between ports 67 and 68 (68 to 67 or 67 to 67 for relays) carrying the magic cookie. */
export function isDhcp(view: PacketView): boolean {
  if (!view.hasTransport || view.ipProtocol !== IpProtocol.udp) return false;
  const isDhcpPorts =
    (view.sourcePort === dhcpClientPort || view.sourcePort === dhcpServerPort) &&
    (view.destinationPort === dhcpClientPort || view.destinationPort === dhcpServerPort);
  if (!isDhcpPorts || view.payloadLength < BootpField.options) return false;
  return view.packet.data.readUInt32BE(view.payloadOffset + BootpField.magicCookie) === dhcpMagicCookie;
}
