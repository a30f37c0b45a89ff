/** Seconds from NTP's era (1900) to the Unix epoch (RFC 5905 §6). */
const ntpEpochOffsetSeconds = 2_208_988_800;

function timestamp(target: Buffer, at: number, timeUs: number): void {
  const seconds = Math.floor(timeUs / 1e6);
  target.writeUInt32BE((seconds + ntpEpochOffsetSeconds) >>> 0, at);
  target.writeUInt32BE(Math.floor(((timeUs % 1e6) / 1e6) * 0x100000000) >>> 0, at + 4);
}

/**
 * An NTPv4 packet (RFC 5905 §7.3) for the simulator: a client request (mode 3) carrying its
 * transmit time, or a server reply (mode 4) at `stratum` naming its source in `referenceId`
 * (four characters at stratum 1, an IPv4 address above).
 */
export function encodeNtpPacket(options: {
  mode: 3 | 4;
  stratum: number;
  referenceId: string;
  timeUs: number;
  originUs?: number;
}): Buffer {
  const packet = Buffer.alloc(48);
  packet[0] = (4 << 3) | options.mode;
  packet[1] = options.stratum;
  packet[2] = 6;
  packet[3] = 0xec;
  if (options.stratum === 1) packet.write(options.referenceId.padEnd(4, '\0').slice(0, 4), 12, 'latin1');
  else if (options.stratum > 1) Buffer.from(options.referenceId.split('.').map(Number)).copy(packet, 12);
  if (options.mode === 4) {
    timestamp(packet, 16, options.timeUs - 60e6);
    if (options.originUs !== undefined) timestamp(packet, 24, options.originUs);
    timestamp(packet, 32, options.timeUs - 50);
  }
  timestamp(packet, 40, options.timeUs);
  return packet;
}
