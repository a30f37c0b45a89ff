import type { NetworkEndpoint } from '../../observe/observation.js';
import { evidenceOf } from '../dissector.js';
import { PhiTally } from '../phi-tally.js';
import type { Protocol } from '../protocol.js';
import {
  initiatorOf,
  responderOf,
  type StreamContext,
  type StreamDissector,
  type StreamEndpoints,
  type StreamHandler,
} from '../stream-dissector.js';
import { carriageReturn, endBlock, maxMessageBytes, startBlock } from './consts.js';
import { isHl7Start } from './detect.js';
import { foldHl7 } from './fold.js';
import { readHl7Message } from './message.js';
import type { Hl7MessageObservation, Hl7SummaryObservation } from './observation.js';

/** One direction's MLLP state: outside a block, inside one (buffering), or passing over an oversized one. */
interface Direction {
  mode: 'between' | 'inside' | 'skipping';
  pending: Buffer[];
  pendingBytes: number;
}

/**
 * HL7 v2 over MLLP (framing `0x0B … 0x1C 0x0D`) on any port: each message's header and segment
 * list, acknowledgements, and which messages carried patient-identifying segments.
 */
export const hl7Dissector: StreamDissector = {
  protocol: 'hl7',
  detect: isHl7Start,
  createHandler: (endpoints) => new Hl7Connection(endpoints),
};

class Hl7Connection implements StreamHandler {
  readonly #directions: [Direction, Direction] = [newDirection(), newDirection()];
  readonly #client: NetworkEndpoint;
  readonly #server: NetworkEndpoint;
  readonly #tally = new PhiTally();

  constructor(readonly endpoints: StreamEndpoints) {
    this.#client = initiatorOf(endpoints);
    this.#server = responderOf(endpoints);
  }

  onData(
    isFromInitiator: boolean,
    data: Buffer,
    offset: number,
    length: number,
    context: StreamContext,
  ): void {
    this.#tally.seePacket(context);
    const direction = this.#directions[isFromInitiator ? 0 : 1];
    let at = offset;
    const end = offset + length;
    while (at < end) {
      if (direction.mode === 'between') {
        // Bytes between blocks (the CR after 0x1C, keep-alive noise) are skipped up to the next start.
        const next = data.indexOf(startBlock, at);
        if (next < 0 || next >= end) return;
        direction.mode = 'inside';
        at = next + 1;
        continue;
      }
      const blockEnd = data.indexOf(endBlock, at);
      const stop = blockEnd < 0 || blockEnd >= end ? end : blockEnd;
      if (direction.mode === 'inside') {
        if (direction.pendingBytes + (stop - at) > maxMessageBytes) {
          context.counters.countMalformed('hl7');
          direction.mode = 'skipping';
          direction.pending = [];
          direction.pendingBytes = 0;
        } else {
          direction.pending.push(Buffer.from(data.subarray(at, stop)));
          direction.pendingBytes += stop - at;
        }
      }
      if (stop === end) return;
      const wasInside = direction.mode === 'inside';
      direction.mode = 'between';
      at = stop + 1;
      if (at < end && data[at] === carriageReturn) at += 1;
      if (wasInside) this.#readMessage(direction, isFromInitiator, context);
    }
  }

  onGap(isFromInitiator: boolean): void {
    const direction = this.#directions[isFromInitiator ? 0 : 1];
    // A lost piece makes the message being read unreliable; the next start block resynchronises.
    direction.mode = 'between';
    direction.pending = [];
    direction.pendingBytes = 0;
  }

  onEnd(context: StreamContext): void {
    const totals = this.#tally.totals();
    if (totals === undefined || totals.messages === 0) return;
    const summary: Hl7SummaryObservation = {
      kind: 'hl7.summary',
      timestampMs: totals.timestampMs,
      evidence: totals.evidence,
      client: this.#client,
      server: this.#server,
      messages: totals.messages,
      messagesWithPhi: totals.messagesWithPhi,
      phiSegments: totals.phiNames,
      firstPhiEvidence: totals.firstPhiEvidence,
    };
    context.emit(summary);
  }

  #readMessage(direction: Direction, isFromInitiator: boolean, context: StreamContext): void {
    const bytes = direction.pending.length === 1 ? direction.pending[0]! : Buffer.concat(direction.pending);
    direction.pending = [];
    direction.pendingBytes = 0;
    const message = readHl7Message(bytes, 0, bytes.length);
    if (message === undefined) {
      context.counters.countMalformed('hl7');
      return;
    }
    const evidence = evidenceOf(context.view, context);
    this.#tally.countMessage(message.phiSegments, evidence);
    const observation: Hl7MessageObservation = {
      kind: 'hl7.message',
      timestampMs: context.view.packet.timestampMs,
      evidence,
      client: this.#client,
      server: this.#server,
      isFromInitiator,
      ...message,
    };
    context.emit(observation);
  }
}

function newDirection(): Direction {
  return { mode: 'between', pending: [], pendingBytes: 0 };
}

/** HL7 v2: its dissector, observations and what they tell about devices (see `../protocol.ts`). */
export const hl7Protocol: Protocol<Hl7MessageObservation | Hl7SummaryObservation> = {
  name: 'hl7',
  streamDissector: hl7Dissector,
  kinds: ['hl7.message', 'hl7.summary'],
  fold: foldHl7,
};
