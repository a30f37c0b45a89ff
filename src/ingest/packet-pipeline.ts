import type { CapturedPacket } from '../capture/captured-packet.js';
import type { PipelineConfig } from '../config/defaults.js';
import { DecodeCounters } from '../decode/decode-counters.js';
import { decodePacket } from '../decode/decode-packet.js';
import { PacketView } from '../decode/packet-view.js';
import { type DissectContext, DissectCounters, type Dissector } from '../dissect/dissector.js';
import {
  dissectors as registeredDissectors,
  streamDissectors as registeredStreamDissectors,
} from '../dissect/registry.js';
import { StreamDispatcher } from '../dissect/stream-dispatcher.js';
import type { StreamDissector } from '../dissect/stream-dissector.js';
import { FlowTable } from '../flows/flow-table.js';
import type { ObservationSink } from '../observe/observation.js';

/**
 * The per-packet path: decode, account to a flow, hand TCP payload to the stream dissectors,
 * run the packet dissectors that recognise the packet.
 * Everything it reuses is created once here; `handlePacket` allocates only when a dissector
 * emits an observation or a flow ends.
 *
 * @example
 * const pipeline = new PacketPipeline('trace.pcap', config, (observation) => sink.push(observation));
 * await capture.reader.read(pipeline.handlePacket);
 * pipeline.finish();
 */
export class PacketPipeline {
  readonly decodeCounters = new DecodeCounters();
  readonly dissectCounters = new DissectCounters();
  readonly flows: FlowTable;
  readonly streams: StreamDispatcher;
  /** Exceptions from a decoder or dissector (bugs, not bad input); the packet is skipped, not fatal. */
  internalErrors = 0;
  readonly #view = new PacketView();
  readonly #context: DissectContext;
  readonly #dissectors: readonly Dissector[];

  constructor(
    captureName: string,
    config: Readonly<PipelineConfig>,
    emit: ObservationSink,
    dissectors: readonly Dissector[] = registeredDissectors,
    streamDissectors: readonly StreamDissector[] = registeredStreamDissectors,
  ) {
    this.#context = { captureName, emit, counters: this.dissectCounters };
    this.#dissectors = dissectors;
    this.streams = new StreamDispatcher(config, streamDissectors, this.#context);
    this.flows = new FlowTable(config, (flow, slot) => {
      this.streams.endFlow(slot);
      emit({
        kind: 'flow.summary',
        timestampMs: flow.lastSeenMs,
        evidence: {
          capture: captureName,
          packetNumber: flow.firstPacketNumber,
          fileOffset: flow.firstFileOffset,
        },
        flow,
      });
    });
  }

  /** Bound once so it can be handed to a reader without a closure per call. */
  readonly handlePacket = (packet: CapturedPacket): void => {
    const view = this.#view;
    try {
      decodePacket(packet, view, this.decodeCounters);
      const slot = this.flows.update(view);
      this.streams.handle(view, slot, this.flows.isLastPacketFromInitiator);
    } catch {
      // A decoder bug must not stop the capture; the packet is counted and skipped.
      this.internalErrors += 1;
      return;
    }
    const dissectors = this.#dissectors;
    for (let index = 0; index < dissectors.length; index += 1) {
      const dissector = dissectors[index]!;
      try {
        if (dissector.matches(view)) dissector.dissect(view, this.#context);
      } catch {
        // Dissectors are written not to throw; one that does is a bug, counted apart from bad input.
        this.internalErrors += 1;
      }
    }
  };

  /** Ends all active flows, emitting their summaries. */
  finish(): void {
    this.flows.endAll();
  }
}
