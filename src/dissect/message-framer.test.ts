import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Framing, MessageFramer } from './message-framer.js';

/** A type byte (must be 0) and a 16-bit body length, like a simplified NetBIOS header. */
const framing: Framing = {
  headerBytes: 3,
  bodyLengthOf: (header, at) => (header[at] === 0 ? header.readUInt16BE(at + 1) : undefined),
};

function frame(body: Uint8Array): Buffer {
  const header = Buffer.from([0, body.length >> 8, body.length & 0xff]);
  return Buffer.concat([header, body]);
}

/** Cuts `bytes` at the given points and pushes the pieces, each inside a larger buffer. */
function pushInPieces(framer: MessageFramer, bytes: Buffer, cuts: number[]) {
  const messages: { body: string; isWhole: boolean }[] = [];
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  let results: string[] = [];
  let from = 0;
  for (const to of [...points, bytes.length]) {
    const piece = Buffer.concat([Buffer.alloc(2, 0xee), bytes.subarray(from, to), Buffer.alloc(2, 0xee)]);
    results.push(
      framer.push(piece, 2, to - from, (message, start, end, isWhole) =>
        messages.push({ body: message.subarray(start + 3, end).toString('hex'), isWhole }),
      ),
    );
    from = to;
  }
  results = [...new Set(results)];
  return { messages, results };
}

describe('MessageFramer', () => {
  it('hands over the same messages however the stream is cut, skipping oversized bodies', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 8 }),
        fc.array(fc.nat(400), { maxLength: 12 }),
        (bodies, cuts) => {
          const bytes = Buffer.concat(bodies.map(frame));
          const { messages, results } = pushInPieces(new MessageFramer(framing, 3 + 24), bytes, cuts);
          expect(results).not.toContain('malformed');
          expect(messages).toEqual(
            bodies.map((body) =>
              body.length <= 24
                ? { body: Buffer.from(body).toString('hex'), isWhole: true }
                : { body: '', isWhole: false },
            ),
          );
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('stops at a header that is not the protocol, and reads nothing after it', () => {
    const bytes = Buffer.concat([
      frame(Buffer.from('ok')),
      Buffer.from([9, 0, 1, 0]),
      frame(Buffer.from('no')),
    ]);
    const framer = new MessageFramer(framing, 100);
    const { messages, results } = pushInPieces(framer, bytes, [4]);
    expect(messages.map((message) => message.body)).toEqual([Buffer.from('ok').toString('hex')]);
    expect(results).toContain('malformed');
    expect(framer.isStopped).toBe(true);
  });
});
