/**
 * Splits a 64-bit timestamp count, given as two unsigned 32-bit halves, into whole seconds and
 * nanoseconds for a clock of `unitsPerSecond`. pcapng timestamps in nanoseconds exceed 2^53, so the
 * division is done in four 16-bit steps where every intermediate stays exact in a double.
 * Seconds are exact up to 2^53 (far past any real clock). The result is written into `into` to
 * avoid an allocation per packet.
 */
export function splitTimestampUnits(
  high: number,
  low: number,
  unitsPerSecond: number,
  into: { timestampSeconds: number; timestampNanoseconds: number },
): void {
  let remainder = 0;
  let seconds = 0;
  for (let shift = 48; shift >= 0; shift -= 16) {
    const digit = shift >= 32 ? (high >>> (shift - 32)) & 0xffff : (low >>> shift) & 0xffff;
    const current = remainder * 65536 + digit;
    const quotient = Math.floor(current / unitsPerSecond);
    remainder = current - quotient * unitsPerSecond;
    seconds = seconds * 65536 + quotient;
  }
  into.timestampSeconds = seconds;
  into.timestampNanoseconds =
    unitsPerSecond <= 1e9
      ? remainder * (1e9 / unitsPerSecond)
      : Math.floor(remainder / (unitsPerSecond / 1e9));
  if (!Number.isInteger(into.timestampNanoseconds)) {
    into.timestampNanoseconds = Math.floor(into.timestampNanoseconds);
  }
}
