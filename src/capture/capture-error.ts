/** Why part of a capture could not be read. */
export type CaptureErrorKind =
  /** The file ends inside a header, record or block. */
  | 'truncated'
  /** A length or magic number is impossible; reading stops there because nothing after it can be trusted. */
  | 'corrupt'
  /** Well formed but not something Vigil reads (an unknown interface id, a new major version). */
  | 'unsupported';

/**
 * A located, counted problem in a capture. Readers return these instead of throwing: the packets
 * before the damage are still delivered.
 */
export interface CaptureError {
  kind: CaptureErrorKind;
  /** The capture's name as the user gave it (`-` for standard input). */
  file: string;
  /** Byte offset in the capture where the problem starts. */
  offset: number;
  /** What was found and what was expected, for a person to read. */
  message: string;
}

/** Thrown only when a capture cannot be read at all: it cannot be opened, or it is not pcap or pcapng. */
export class UnreadableCaptureError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'UnreadableCaptureError';
  }
}

export function formatCaptureError(error: CaptureError): string {
  return `${error.file} at byte ${error.offset}: ${error.kind}: ${error.message}`;
}

/** Keeps the first errors in full and counts them all, so a badly damaged file cannot exhaust memory. */
export class CaptureErrorLog {
  readonly kept: CaptureError[] = [];
  count = 0;

  constructor(readonly maxKept = 100) {}

  add(error: CaptureError): void {
    this.count += 1;
    if (this.kept.length < this.maxKept) this.kept.push(error);
  }
}
