import type { FlowSummaryObservation } from '../observe/observation.js';
import type { DraftBook } from './draft-book.js';
import { formatSynSignature, stackOf } from './tcp-stack-signatures.js';

/**
 * A finished flow moves its known devices' last-seen time, and each side's SYN or SYN-ACK hints
 * at its TCP stack. Flows create no device: the hints go to whichever device holds the address.
 */
export function foldFlow(book: DraftBook, observation: FlowSummaryObservation): void {
  const flow = observation.flow;
  for (const endpoint of [flow.initiator, flow.responder]) {
    if (endpoint.mac !== undefined) book.extendLastSeen(endpoint.mac, flow.lastSeenMs);
    if (endpoint.syn === undefined) continue;
    book.annotateAddress(
      endpoint.address,
      'tcp.syn-signature',
      formatSynSignature(endpoint.syn),
      'tcp.syn',
      0.9,
      observation,
    );
    const stack = stackOf(endpoint.syn);
    if (stack !== undefined)
      book.annotateAddress(
        endpoint.address,
        'os',
        stack.operatingSystem,
        'tcp.syn',
        stack.confidence,
        observation,
      );
  }
}
