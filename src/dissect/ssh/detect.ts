import type { PacketView } from '../../decode/packet-view.js';

const sshPrefix = Buffer.from('SSH-');

/** The SSH identification string (RFC 4253 §4.2) starts either side's first line, on any port. */
export function isSshStart(view: PacketView): boolean {
  if (view.payloadLength < sshPrefix.length) return false;
  return (
    view.packet.data.compare(
      sshPrefix,
      0,
      sshPrefix.length,
      view.payloadOffset,
      view.payloadOffset + sshPrefix.length,
    ) === 0
  );
}
