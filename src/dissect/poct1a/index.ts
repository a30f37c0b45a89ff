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
import { maxMessageBytes, messageTypes } from './consts.js';
import { isPoctStart, rootElement } from './detect.js';
import { foldPoct } from './fold.js';
import { readPoctMessage } from './message.js';
import type { PoctMessageObservation, PoctSummaryObservation } from './observation.js';

/**
 * POCT1-A (CLSI POCT1-A2) on any port: XML messages one after another in each direction, each
 * a document whose root names the message type. Device identity comes from hellos; patient
 * elements are counted by name.
 */
export const poct1aDissector: StreamDissector = {
  protocol: 'poct1a',
  detect: isPoctStart,
  createHandler: (endpoints) => new PoctConnection(endpoints),
};

class PoctConnection implements StreamHandler {
  readonly #pending: [string, string] = ['', ''];
  readonly #stopped: [boolean, boolean] = [false, false];
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
    const index = isFromInitiator ? 0 : 1;
    if (this.#stopped[index]) return;
    this.#tally.seePacket(context);
    this.#pending[index] += data.toString('utf8', offset, offset + length);
    while (true) {
      const text = this.#pending[index];
      const opening = rootElement.exec(text);
      if (opening === null) {
        if (text.length > maxMessageBytes) this.#stop(index, context);
        return;
      }
      const closing = `</${opening[1]}>`;
      const end = text.indexOf(closing, opening.index);
      if (end < 0) {
        if (text.length > maxMessageBytes) this.#stop(index, context);
        return;
      }
      // The XML declaration, when sent, precedes the root; the document runs to its closing tag.
      const declaration = text.lastIndexOf('<?xml', opening.index);
      const start = declaration >= 0 ? declaration : opening.index;
      this.#pending[index] = text.slice(end + closing.length);
      this.#readMessage(text.slice(start, end + closing.length), opening[1]!, isFromInitiator, context);
    }
  }

  onGap(isFromInitiator: boolean): void {
    // The next message's root element resynchronises.
    this.#pending[isFromInitiator ? 0 : 1] = '';
  }

  onEnd(context: StreamContext): void {
    const totals = this.#tally.totals();
    if (totals === undefined || totals.messages === 0) return;
    const summary: PoctSummaryObservation = {
      kind: 'poct1a.summary',
      timestampMs: totals.timestampMs,
      evidence: totals.evidence,
      client: this.#client,
      server: this.#server,
      messages: totals.messages,
      messagesWithPhi: totals.messagesWithPhi,
      phiElements: totals.phiNames,
      firstPhiEvidence: totals.firstPhiEvidence,
    };
    context.emit(summary);
  }

  #stop(index: number, context: StreamContext): void {
    context.counters.countMalformed('poct1a');
    this.#stopped[index] = true;
    this.#pending[index] = '';
  }

  #readMessage(xml: string, messageType: string, isFromInitiator: boolean, context: StreamContext): void {
    const message = messageTypes.has(messageType) ? readPoctMessage(xml, messageType) : undefined;
    if (message === undefined) {
      context.counters.countMalformed('poct1a');
      return;
    }
    const evidence = evidenceOf(context.view, context);
    this.#tally.countMessage(message.phiElements, evidence);
    const observation: PoctMessageObservation = {
      kind: 'poct1a.message',
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

/** POCT1-A: its dissector, observations and what they tell about devices (see `../protocol.ts`). */
export const poct1aProtocol: Protocol<PoctMessageObservation | PoctSummaryObservation> = {
  name: 'poct1a',
  streamDissector: poct1aDissector,
  kinds: ['poct1a.message', 'poct1a.summary'],
  fold: foldPoct,
};
