/** An HL7 v2 message in its MLLP block (HL7 v2.5.1 Appendix C): 0x0B, segments ended by CR, 0x1C 0x0D. */
export function encodeMllpMessage(segments: readonly string[]): Buffer {
  return Buffer.from(`\u000b${segments.join('\r')}\r\u001c\r`, 'latin1');
}
