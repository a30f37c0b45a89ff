import { IpProtocol, type PacketView } from '../../decode/packet-view.js';
import { evidenceOf } from '../dissector.js';
import { type Framing, MessageFramer } from '../message-framer.js';
import type { Protocol } from '../protocol.js';
import {
  initiatorOf,
  responderOf,
  type StreamContext,
  type StreamDissector,
  type StreamEndpoints,
  type StreamHandler,
} from '../stream-dissector.js';
import {
  maxMbapLength,
  maxReportedCombinations,
  mbapHeaderBytes,
  modbusFunctionName,
  modbusPort,
  modbusWriteFunctions,
} from './consts.js';
import { foldModbus } from './fold.js';
import type { ModbusMessageObservation } from './observation.js';

/** The MBAP header's length counts the unit identifier, which the framer takes as header. */
const mbapFraming: Framing = {
  headerBytes: mbapHeaderBytes,
  bodyLengthOf: (header, at) => {
    const length = header.readUInt16BE(at + 4);
    if (header.readUInt16BE(at + 2) !== 0 || length < 2 || length > maxMbapLength) return undefined;
    return length - 1;
  },
};

/**
 * Modbus/TCP on port 502: building and plant controllers (air handling, chillers, power
 * meters) near clinical networks. Reports each unit and function code a connection uses,
 * once, and exception replies; writes are marked, since they change a controller's state.
 */
export const modbusDissector: StreamDissector = {
  protocol: 'modbus',
  detect: isModbusStart,
  createHandler: (endpoints) => new ModbusConnection(endpoints),
};

/** A request to, or a reply from, port 502 whose first bytes are a plausible MBAP header. */
function isModbusStart(view: PacketView, isFromInitiator: boolean): boolean {
  if (view.ipProtocol !== IpProtocol.tcp || view.payloadLength < mbapHeaderBytes + 1) return false;
  const port = isFromInitiator ? view.destinationPort : view.sourcePort;
  if (port !== modbusPort) return false;
  const data = view.packet.data;
  const at = view.payloadOffset;
  const length = data.readUInt16BE(at + 4);
  return data.readUInt16BE(at + 2) === 0 && length >= 2 && length <= maxMbapLength;
}

class ModbusConnection implements StreamHandler {
  readonly #framers: [MessageFramer, MessageFramer] = [
    new MessageFramer(mbapFraming, mbapHeaderBytes + maxMbapLength),
    new MessageFramer(mbapFraming, mbapHeaderBytes + maxMbapLength),
  ];
  readonly #reported = new Set<number>();

  constructor(readonly endpoints: StreamEndpoints) {}

  onData(
    isFromInitiator: boolean,
    data: Buffer,
    offset: number,
    length: number,
    context: StreamContext,
  ): void {
    const result = this.#framers[isFromInitiator ? 0 : 1].push(data, offset, length, (message, start) => {
      const unitId = message[start + 6]!;
      const code = message[start + 7]!;
      const isException = !isFromInitiator && code >= 0x80;
      const functionCode = code & 0x7f;
      const key = (unitId << 9) | (functionCode << 2) | (isFromInitiator ? 2 : 0) | (isException ? 1 : 0);
      if (this.#reported.has(key) || this.#reported.size >= maxReportedCombinations) return;
      this.#reported.add(key);
      context.emit({
        kind: 'modbus.message',
        timestampMs: context.view.packet.timestampMs,
        evidence: evidenceOf(context.view, context),
        client: initiatorOf(this.endpoints),
        server: responderOf(this.endpoints),
        isRequest: isFromInitiator,
        unitId,
        functionCode,
        functionName: modbusFunctionName(functionCode),
        isWrite: modbusWriteFunctions.has(functionCode),
        exceptionCode: isException ? message[start + 8] : undefined,
      });
    });
    if (result === 'malformed') context.counters.countMalformed('modbus');
  }

  onGap(isFromInitiator: boolean): void {
    this.#framers[isFromInitiator ? 0 : 1].stop();
  }
}

/** Modbus/TCP: its dissector, observations and what they tell about devices (see `../protocol.ts`). */
export const modbusProtocol: Protocol<ModbusMessageObservation> = {
  name: 'modbus',
  streamDissector: modbusDissector,
  kinds: ['modbus.message'],
  fold: foldModbus,
};
