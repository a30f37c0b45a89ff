import { u16be } from './byte-order.js';
import type { PacketView } from './packet-view.js';

/**
 * TCP option kinds (IANA) and the hex digit each gets in a layout: the order in which a stack
 * writes its SYN options is characteristic of it (as in p0f's signatures).
 */
const optionDigits: Record<number, number> = {
  0: 0x1, // end of option list
  1: 0x2, // no-operation
  2: 0x3, // maximum segment size
  3: 0x4, // window scale
  4: 0x5, // SACK permitted
  5: 0x6, // SACK
  8: 0x7, // timestamps
  34: 0x8, // TCP Fast Open
};
const otherOptionDigit = 0xf;
const layoutLetters = ['', 'E', 'N', 'M', 'W', 'S', 'K', 'T', 'F'];
/** Options recorded per SYN; 13 hex digits stay exact in a double. */
const maxLayoutOptions = 13;

/** Reads the options of a SYN into the view's layout, MSS and window scale. Never reads past `end`. */
export function readSynOptions(view: PacketView, data: Buffer, start: number, end: number): void {
  let layout = 0;
  let count = 0;
  view.tcpMaximumSegmentSize = 0;
  view.tcpWindowScale = -1;
  let at = start;
  while (at < end && count < maxLayoutOptions) {
    const kind = data[at]!;
    layout = layout * 16 + (optionDigits[kind] ?? otherOptionDigit);
    count += 1;
    if (kind === 0) break;
    if (kind === 1) {
      at += 1;
      continue;
    }
    if (at + 1 >= end) break;
    const length = data[at + 1]!;
    if (length < 2 || at + length > end) break;
    if (kind === 2 && length === 4) view.tcpMaximumSegmentSize = u16be(data, at + 2);
    else if (kind === 3 && length === 3) view.tcpWindowScale = data[at + 2]!;
    at += length;
  }
  view.tcpSynOptionsLayout = layout;
}

/** A layout as letters, e.g. `M,S,T,N,W` (M mss, N nop, W window scale, S SACK ok, T timestamps, E end). */
export function formatOptionsLayout(layout: number): string {
  const letters: string[] = [];
  let rest = layout;
  while (rest > 0) {
    const digit = rest % 16;
    letters.unshift(layoutLetters[digit] ?? '?');
    rest = Math.floor(rest / 16);
  }
  return letters.join(',');
}
