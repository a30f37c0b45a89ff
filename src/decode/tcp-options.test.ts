import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PacketView } from './packet-view.js';
import { formatOptionsLayout, readSynOptions } from './tcp-options.js';

/** Linux's SYN options: MSS 1460, SACK permitted, timestamps, NOP, window scale 7. */
const linuxSynOptions = Buffer.from([2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7]);

describe('readSynOptions', () => {
  it('records the option order, MSS and window scale of a SYN', () => {
    const view = new PacketView();
    readSynOptions(view, linuxSynOptions, 0, linuxSynOptions.length);
    expect(formatOptionsLayout(view.tcpSynOptionsLayout)).toBe('M,S,T,N,W');
    expect([view.tcpMaximumSegmentSize, view.tcpWindowScale]).toEqual([1460, 7]);
  });

  it('stops at an option that runs past the header, keeping what came before', () => {
    const view = new PacketView();
    readSynOptions(view, linuxSynOptions, 0, 9);
    expect(formatOptionsLayout(view.tcpSynOptionsLayout)).toBe('M,S,T');
    expect(view.tcpWindowScale).toBe(-1);
  });

  it('never reads beyond the options it is given, whatever their bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const view = new PacketView();
        // The options sit before bytes that would change the result if they were read.
        const buffer = Buffer.concat([Buffer.from(bytes), Buffer.from([2, 4, 0xff, 0xff, 3, 3, 14])]);
        readSynOptions(view, buffer, 0, bytes.length);
        const alone = new PacketView();
        readSynOptions(alone, Buffer.from(bytes), 0, bytes.length);
        expect([view.tcpSynOptionsLayout, view.tcpMaximumSegmentSize, view.tcpWindowScale]).toEqual([
          alone.tcpSynOptionsLayout,
          alone.tcpMaximumSegmentSize,
          alone.tcpWindowScale,
        ]);
      }),
      { numRuns: 2_000 },
    );
  });
});
