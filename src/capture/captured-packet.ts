/**
 * One packet as the capture reader hands it on. The reader reuses a single instance and the bytes
 * live in the reader's own buffer: both are valid only during the callback that receives them.
 * Anything kept longer must be copied (strings decoded, numbers read) by the consumer.
 *
 * @example
 * await reader.read((packet) => {
 *   total += packet.originalLength;
 * });
 */
export class CapturedPacket {
  /** The buffer holding the packet bytes, from `offset` for `capturedLength` bytes. */
  data: Buffer = Buffer.alloc(0);
  /** Where the packet's first byte is in `data`. */
  offset = 0;
  /** Bytes present in the capture (may be less than on the wire when a snap length applied). */
  capturedLength = 0;
  /** Bytes the packet had on the wire; flow byte counts use this, as tshark does. */
  originalLength = 0;
  /** Whole seconds since the Unix epoch, UTC. */
  timestampSeconds = 0;
  /** Nanoseconds past `timestampSeconds`, 0 to 999,999,999. */
  timestampNanoseconds = 0;
  /** LINKTYPE_* of the interface the packet was captured on (see `LinkType`). */
  linkType = 0;
  /** pcapng interface id; always 0 for pcap. */
  interfaceId = 0;
  /** 1-based position of the packet in the capture, as tshark's `frame.number`. */
  packetNumber = 0;
  /** Byte offset in the capture file of the record (pcap) or block (pcapng) carrying the packet. */
  fileOffset = 0;

  /** Timestamp in milliseconds since the epoch, for coarse comparisons (expiry, rates). */
  get timestampMs(): number {
    return this.timestampSeconds * 1000 + this.timestampNanoseconds / 1e6;
  }
}
