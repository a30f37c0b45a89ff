import type { NetworkEndpoint } from '../../observe/observation.js';
import { evidenceOf } from '../dissector.js';
import { type Framing, MessageFramer } from '../message-framer.js';
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
import { type AssociationPdu, readAssociationPdu } from './association.js';
import {
  maxDatasetPrefixBytes,
  maxPduBytes,
  PduType,
  pduHeaderBytes,
  sopClasses,
  TransferSyntax,
} from './consts.js';
import { readDatasetFacts } from './dataset.js';
import { isDicomStart } from './detect.js';
import { type DimseCommand, readCommandSet } from './dimse.js';
import { foldDicom } from './fold.js';
import type {
  DicomAssociationObservation,
  DicomCommandObservation,
  DicomDatasetObservation,
  DicomSummaryObservation,
} from './observation.js';

/** PDU header (PS3.8 §9.3.1): type 1–7, a reserved byte, a 32-bit length. */
const pduFraming: Framing = {
  headerBytes: pduHeaderBytes,
  bodyLengthOf: (header, at) => {
    const type = header[at]!;
    return type >= PduType.associateRequest && type <= PduType.abort
      ? header.readUInt32BE(at + 2)
      : undefined;
  },
};

/** Kinds of command and data set reported per side of an association; later repeats are counted only. */
const maxReportedPerSide = 64;

/** One direction's DIMSE message being assembled from P-DATA-TF fragments (PS3.8 Annex E). */
interface MessageAssembly {
  command: Buffer[];
  commandBytes: number;
  /** The command whose data set is arriving. */
  current: DimseCommand | undefined;
  contextId: number;
  data: Buffer[];
  dataBytes: number;
  reported: Set<string>;
}

/**
 * DICOM upper layer (PS3.8) on any port: associations (AE titles, presentation contexts, SOP
 * classes, transfer syntaxes, implementation class and version), DIMSE commands and statuses,
 * and, from the data sets they carry, the equipment that made them and whether they identified
 * patients. Patient values are never read into anything kept.
 */
export const dicomDissector: StreamDissector = {
  protocol: 'dicom',
  detect: isDicomStart,
  createHandler: (endpoints) => new DicomConnection(endpoints),
};

class DicomConnection implements StreamHandler {
  readonly #framers: [MessageFramer, MessageFramer] = [
    new MessageFramer(pduFraming, maxPduBytes),
    new MessageFramer(pduFraming, maxPduBytes),
  ];
  readonly #assemblies: [MessageAssembly, MessageAssembly] = [newAssembly(), newAssembly()];
  readonly #client: NetworkEndpoint;
  readonly #server: NetworkEndpoint;
  #request: AssociationPdu | undefined;
  /** Transfer syntax per accepted presentation context id. */
  readonly #transferSyntaxes = new Map<number, string>();
  readonly #commandCounts: Record<string, number> = {};
  /** Data sets read, and the patient elements they carried. */
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
    const framer = this.#framers[isFromInitiator ? 0 : 1];
    const result = framer.push(data, offset, length, (pdu, start, end, isWhole) => {
      if (!isWhole) {
        // A PDU over the bound: its fragments are lost, so whatever was being assembled is dropped.
        this.#assemblies[isFromInitiator ? 0 : 1] = {
          ...newAssembly(),
          reported: this.#assemblies[isFromInitiator ? 0 : 1].reported,
        };
        return;
      }
      if (!this.#readPdu(pdu[start]!, pdu, start + pduHeaderBytes, end, isFromInitiator, context))
        context.counters.countMalformed('dicom');
    });
    if (result === 'malformed') context.counters.countMalformed('dicom');
  }

  onGap(isFromInitiator: boolean): void {
    this.#framers[isFromInitiator ? 0 : 1].stop();
  }

  onEnd(context: StreamContext): void {
    const totals = this.#tally.totals();
    if (totals === undefined || (totals.messages === 0 && Object.keys(this.#commandCounts).length === 0))
      return;
    const summary: DicomSummaryObservation = {
      kind: 'dicom.summary',
      timestampMs: totals.timestampMs,
      evidence: totals.evidence,
      client: this.#client,
      server: this.#server,
      commandCounts: this.#commandCounts,
      datasets: totals.messages,
      datasetsWithPhi: totals.messagesWithPhi,
      phiElements: totals.phiNames,
      firstPhiEvidence: totals.firstPhiEvidence,
    };
    context.emit(summary);
  }

  #readPdu(
    type: number,
    data: Buffer,
    start: number,
    end: number,
    isFromInitiator: boolean,
    context: StreamContext,
  ): boolean {
    switch (type) {
      case PduType.associateRequest: {
        if (!isFromInitiator) return false;
        this.#request = readAssociationPdu(data, start, end, type);
        return this.#request !== undefined;
      }
      case PduType.associateAccept: {
        if (isFromInitiator) return false;
        const accept = readAssociationPdu(data, start, end, type);
        if (accept === undefined) return false;
        this.#emitAssociation(accept, undefined, context);
        return true;
      }
      case PduType.associateReject:
        if (isFromInitiator || end - start < 4) return false;
        this.#emitAssociation(undefined, `${data[start + 1]}/${data[start + 2]}/${data[start + 3]}`, context);
        return true;
      case PduType.dataTransfer:
        return this.#readDataTransfer(data, start, end, isFromInitiator, context);
      default:
        return true;
    }
  }

  #emitAssociation(
    accept: AssociationPdu | undefined,
    rejection: string | undefined,
    context: StreamContext,
  ): void {
    const request = this.#request;
    const accepted = new Map((accept?.presentationContexts ?? []).map((item) => [item.id, item]));
    const observation: DicomAssociationObservation = {
      kind: 'dicom.association',
      timestampMs: context.view.packet.timestampMs,
      evidence: evidenceOf(context.view, context),
      client: this.#client,
      server: this.#server,
      callingAeTitle: request?.callingAeTitle ?? accept?.callingAeTitle ?? '',
      calledAeTitle: request?.calledAeTitle ?? accept?.calledAeTitle ?? '',
      isAccepted: accept !== undefined,
      rejection,
      applicationContext: request?.applicationContext,
      presentationContexts: (request?.presentationContexts ?? []).map((proposed) => {
        const answer = accepted.get(proposed.id);
        const acceptedTransferSyntax = answer?.result === 0 ? answer.transferSyntaxes[0] : undefined;
        if (acceptedTransferSyntax !== undefined)
          this.#transferSyntaxes.set(proposed.id, acceptedTransferSyntax);
        const abstractSyntax = proposed.abstractSyntax ?? '';
        return {
          abstractSyntax,
          abstractSyntaxName: sopClasses[abstractSyntax]?.name,
          proposedTransferSyntaxes: proposed.transferSyntaxes,
          acceptedTransferSyntax,
        };
      }),
      requestorMaxPduLength: request?.maxPduLength,
      requestorImplementationClassUid: request?.implementationClassUid,
      requestorImplementationVersionName: request?.implementationVersionName,
      acceptorImplementationClassUid: accept?.implementationClassUid,
      acceptorImplementationVersionName: accept?.implementationVersionName,
      userIdentityType: request?.userIdentityType,
    };
    context.emit(observation);
  }

  /** P-DATA-TF (PS3.8 §9.3.5): presentation data values, each a fragment of a command or a data set. */
  #readDataTransfer(
    data: Buffer,
    start: number,
    end: number,
    isFromInitiator: boolean,
    context: StreamContext,
  ): boolean {
    const assembly = this.#assemblies[isFromInitiator ? 0 : 1];
    let at = start;
    while (at < end) {
      if (at + 6 > end) return false;
      const itemLength = data.readUInt32BE(at);
      const itemEnd = at + 4 + itemLength;
      if (itemLength < 2 || itemEnd > end) return false;
      const contextId = data[at + 4]!;
      const control = data[at + 5]!;
      const isCommand = (control & 0x01) !== 0;
      const isLast = (control & 0x02) !== 0;
      const fragment = data.subarray(at + 6, itemEnd);
      if (isCommand)
        this.#addCommandFragment(assembly, fragment, isLast, contextId, isFromInitiator, context);
      else this.#addDataFragment(assembly, fragment, isLast, isFromInitiator, context);
      at = itemEnd;
    }
    return true;
  }

  #addCommandFragment(
    assembly: MessageAssembly,
    fragment: Buffer,
    isLast: boolean,
    contextId: number,
    isFromInitiator: boolean,
    context: StreamContext,
  ): void {
    if (assembly.commandBytes + fragment.length <= maxDatasetPrefixBytes) {
      assembly.command.push(Buffer.from(fragment));
      assembly.commandBytes += fragment.length;
    }
    if (!isLast) return;
    const bytes = Buffer.concat(assembly.command);
    assembly.command = [];
    assembly.commandBytes = 0;
    const command = readCommandSet(bytes, 0, bytes.length);
    if (command === undefined) {
      context.counters.countMalformed('dicom');
      return;
    }
    this.#commandCounts[command.command] = (this.#commandCounts[command.command] ?? 0) + 1;
    assembly.current = command.hasDataSet ? command : undefined;
    assembly.contextId = contextId;
    const key = `${command.command} ${command.sopClass} ${command.status}`;
    if (assembly.reported.has(key) || assembly.reported.size >= maxReportedPerSide) return;
    assembly.reported.add(key);
    const observation: DicomCommandObservation = {
      kind: 'dicom.command',
      timestampMs: context.view.packet.timestampMs,
      evidence: evidenceOf(context.view, context),
      client: this.#client,
      server: this.#server,
      isFromInitiator,
      command: command.command,
      sopClass: command.sopClass,
      sopClassName: command.sopClass === undefined ? undefined : sopClasses[command.sopClass]?.name,
      status: command.status,
    };
    context.emit(observation);
  }

  #addDataFragment(
    assembly: MessageAssembly,
    fragment: Buffer,
    isLast: boolean,
    isFromInitiator: boolean,
    context: StreamContext,
  ): void {
    // Only the start of a data set is kept: the elements read all come before the pixel data.
    const room = maxDatasetPrefixBytes - assembly.dataBytes;
    if (room > 0) {
      const kept = fragment.subarray(0, Math.min(room, fragment.length));
      assembly.data.push(Buffer.from(kept));
      assembly.dataBytes += kept.length;
    }
    if (!isLast) return;
    const bytes = Buffer.concat(assembly.data);
    assembly.data = [];
    assembly.dataBytes = 0;
    const command = assembly.current;
    assembly.current = undefined;
    const encoding = datasetEncoding(this.#transferSyntaxes.get(assembly.contextId));
    if (encoding === undefined) {
      // Deflated and big-endian data sets are counted, not read.
      this.#tally.countMessage([], evidenceOf(context.view, context));
      return;
    }
    const facts = readDatasetFacts(bytes, 0, bytes.length, encoding === 'explicit');
    this.#tally.countMessage(facts.phiElements, evidenceOf(context.view, context));
    const observation: Omit<DicomDatasetObservation, 'timestampMs' | 'evidence'> = {
      kind: 'dicom.dataset',
      client: this.#client,
      server: this.#server,
      isFromInitiator,
      command: command?.command ?? 'unknown',
      ...facts,
    };
    const key = JSON.stringify(observation);
    if (assembly.reported.has(key) || assembly.reported.size >= maxReportedPerSide) return;
    assembly.reported.add(key);
    context.emit({
      ...observation,
      timestampMs: context.view.packet.timestampMs,
      evidence: evidenceOf(context.view, context),
    });
  }
}

/**
 * How a data set under a transfer syntax is encoded (PS3.5 §10): implicit VR little endian, or
 * explicit VR little endian (also the encapsulated, compressed syntaxes, whose data sets are
 * explicit VR little endian around the pixel data). Deflated and big-endian ones are not read.
 */
function datasetEncoding(transferSyntax: string | undefined): 'implicit' | 'explicit' | undefined {
  if (transferSyntax === undefined) return undefined;
  if (transferSyntax === TransferSyntax.implicitLittleEndian) return 'implicit';
  if (transferSyntax === '1.2.840.10008.1.2.1.99' || transferSyntax === '1.2.840.10008.1.2.2')
    return undefined;
  return 'explicit';
}

function newAssembly(): MessageAssembly {
  return {
    command: [],
    commandBytes: 0,
    current: undefined,
    contextId: 0,
    data: [],
    dataBytes: 0,
    reported: new Set(),
  };
}

/** DICOM: its dissector, observations and what they tell about devices (see `../protocol.ts`). */
export const dicomProtocol: Protocol<
  DicomAssociationObservation | DicomCommandObservation | DicomDatasetObservation | DicomSummaryObservation
> = {
  name: 'dicom',
  streamDissector: dicomDissector,
  kinds: ['dicom.association', 'dicom.command', 'dicom.dataset', 'dicom.summary'],
  fold: foldDicom,
};
