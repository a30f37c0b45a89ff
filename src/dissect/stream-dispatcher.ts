import { formatIpAddress, formatMac } from '../decode/address-format.js';
import { IpProtocol, type PacketView } from '../decode/packet-view.js';
import { TcpReassembler, type TcpReassemblyConfig } from '../flows/tcp-reassembly.js';
import type { DissectContext } from './dissector.js';
import type { StreamContext, StreamDissector, StreamHandler } from './stream-dissector.js';

/** Payload packets of a connection inspected before it is given up as unrecognised. */
const maxDetectionAttempts = 4;
const notRecognised = null;

/**
 * Routes TCP payload to stream dissectors: recognises each connection once, reassembles the
 * recognised ones, and releases their state when the flow ends. Unrecognised connections are
 * not reassembled at all, which keeps bulk traffic off the slow path.
 */
export class StreamDispatcher {
  readonly reassembler: TcpReassembler;
  readonly #dissectors: readonly StreamDissector[];
  /** Per flow slot: the handler, `null` once given up, `undefined` while undecided. */
  readonly #handlers: (StreamHandler | null | undefined)[];
  readonly #detectionAttempts: Uint8Array;
  readonly #context: StreamContext;

  constructor(config: TcpReassemblyConfig, dissectors: readonly StreamDissector[], context: DissectContext) {
    this.#dissectors = dissectors;
    this.#handlers = new Array(config.maxFlows).fill(undefined);
    this.#detectionAttempts = new Uint8Array(config.maxFlows);
    this.#context = { ...context, view: undefined as unknown as PacketView };
    this.reassembler = new TcpReassembler(config, {
      onData: (slot, isFromInitiator, data, offset, length) =>
        this.#handlers[slot]?.onData(isFromInitiator, data, offset, length, this.#context),
      onGap: (slot, isFromInitiator, missingBytes) =>
        this.#handlers[slot]?.onGap(isFromInitiator, missingBytes),
    });
  }

  /** Called for every packet after the flow table; `slot` is its flow, or -1. */
  handle(view: PacketView, slot: number, isFromInitiator: boolean): void {
    if (slot < 0 || view.ipProtocol !== IpProtocol.tcp || !view.hasTransport || this.#dissectors.length === 0)
      return;
    let handler = this.#handlers[slot];
    if (handler === notRecognised) return;
    if (handler === undefined) {
      if (view.payloadLength === 0) return;
      handler = this.#recognise(view, slot, isFromInitiator);
      if (handler === undefined) return;
    }
    this.#context.view = view;
    this.reassembler.handle(view, slot, isFromInitiator);
  }

  /** Called when a flow ends: held bytes are delivered, the handler told, then the slot is forgotten. */
  endFlow(slot: number): void {
    const handler = this.#handlers[slot];
    if (handler) {
      this.reassembler.release(slot);
      handler.onEnd?.(this.#context);
    }
    this.#handlers[slot] = undefined;
    this.#detectionAttempts[slot] = 0;
  }

  #recognise(view: PacketView, slot: number, isFromInitiator: boolean): StreamHandler | undefined {
    for (const dissector of this.#dissectors) {
      if (!dissector.detect(view, isFromInitiator)) continue;
      const data = view.packet.data;
      const sourceIp = formatIpAddress(view.networkLayer, view.sourceAddress);
      const destinationIp = formatIpAddress(view.networkLayer, view.destinationAddress);
      const sourceMac = view.sourceMacOffset >= 0 ? formatMac(data, view.sourceMacOffset) : undefined;
      const destinationMac =
        view.destinationMacOffset >= 0 ? formatMac(data, view.destinationMacOffset) : undefined;
      const handler = dissector.createHandler(
        isFromInitiator
          ? {
              initiatorIp: sourceIp,
              initiatorPort: view.sourcePort,
              initiatorMac: sourceMac,
              responderIp: destinationIp,
              responderPort: view.destinationPort,
              responderMac: destinationMac,
            }
          : {
              initiatorIp: destinationIp,
              initiatorPort: view.destinationPort,
              initiatorMac: destinationMac,
              responderIp: sourceIp,
              responderPort: view.sourcePort,
              responderMac: sourceMac,
            },
      );
      this.#handlers[slot] = handler;
      return handler;
    }
    this.#detectionAttempts[slot]! += 1;
    if (this.#detectionAttempts[slot]! >= maxDetectionAttempts) this.#handlers[slot] = notRecognised;
    return undefined;
  }
}
