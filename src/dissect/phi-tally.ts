import type { Evidence } from '../observe/observation.js';
import type { StreamContext } from './stream-dissector.js';

/** What a connection's summary says about patient data: shared by the clinical protocols. */
export interface PhiTotals {
  /** Messages (or data sets) read. */
  messages: number;
  /** Of those, how many carried patient-identifying elements or segments. */
  messagesWithPhi: number;
  /** Every such element or segment seen, by name, sorted. */
  phiNames: string[];
  /** Where patient data was first seen, when it was. */
  firstPhiEvidence: Evidence | undefined;
  /** The evidence a summary carries: the first patient data, else the connection's last packet. */
  evidence: Evidence;
  timestampMs: number;
}

/**
 * Counts, for one connection of a clinical protocol (DICOM, HL7, POCT1-A), the messages read and
 * the names of the patient elements they carried, never their values, so that a summary can be
 * reported when the connection ends, when no packet of it is at hand.
 *
 * @example
 * tally.seePacket(context);            // on every delivery
 * tally.countMessage(['PID'], context); // per message read
 * const totals = tally.totals();        // in onEnd
 */
export class PhiTally {
  #messages = 0;
  #messagesWithPhi = 0;
  readonly #names = new Set<string>();
  #firstPhiEvidence: Evidence | undefined;
  #lastEvidence: Evidence | undefined;
  #lastTimestampMs = 0;

  /** Remembers the packet being read, for a summary made after the connection's packets are gone. */
  seePacket(context: StreamContext): void {
    this.#lastEvidence = {
      capture: context.captureName,
      packetNumber: context.view.packet.packetNumber,
      fileOffset: context.view.packet.fileOffset,
    };
    this.#lastTimestampMs = context.view.packet.timestampMs;
  }

  countMessage(phiNames: readonly string[], evidence: Evidence): void {
    this.#messages += 1;
    if (phiNames.length === 0) return;
    this.#messagesWithPhi += 1;
    for (const name of phiNames) this.#names.add(name);
    this.#firstPhiEvidence ??= evidence;
  }

  /** The totals so far; undefined when no packet of the connection was delivered. */
  totals(): PhiTotals | undefined {
    if (this.#lastEvidence === undefined) return undefined;
    return {
      messages: this.#messages,
      messagesWithPhi: this.#messagesWithPhi,
      phiNames: [...this.#names].sort(),
      firstPhiEvidence: this.#firstPhiEvidence,
      evidence: this.#firstPhiEvidence ?? this.#lastEvidence,
      timestampMs: this.#lastTimestampMs,
    };
  }
}
